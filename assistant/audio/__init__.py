"""Audio in: capture, WAV files, voice-activity endpointing, and test recordings made with espeak-ng."""
