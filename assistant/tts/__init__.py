"""Speech out: replies queued and spoken (or written as WAV files) in a background thread."""
