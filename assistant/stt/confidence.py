"""How sure a hearing is, from a free phone loop that hears the same audio beside the grammar.

A grammar-bound search always finds *some* allowed sentence. A phone loop (any English phone may
follow any other) is held to nothing, so it fits the audio at least as well as any sentence. When
what was said is the grammar's sentence, the two fit almost equally; when the grammar forced the
audio onto the nearest sentence (another accent, words outside the forms, chatter, noise), the
sentence fits clearly worse. And when the phone loop still hears speech well after the sentence's
last word, someone else is talking in the room and the words may be theirs.
"""

from __future__ import annotations

import logging
import math
import os
from dataclasses import dataclass

from assistant.messages import Clarity

logger = logging.getLogger(__name__)
MIN_FIT = -1.2
"""Least fit (below) for a sure hearing. Measured on 30 everyday commands, 12 outside the voice
forms and 12 lines of chatter, each in 4 espeak-ng voices: of the hearings whose meaning was right,
82 of 86 clean ones and 51 of 76 under pink noise (10 dB) reached it; of the wrong ones, 2 of 20
clean and 2 of 24 in noise; chatter heard as a sentence, 0 of 25."""
MIN_FIT_RISKY = -0.8
"""Least fit for an action on a lock, a cover, an alarm or a valve. In the same study, the two
hearings of 'turn off the lights in the living room' as 'open all the blinds in the living room'
under noise scored -1.10 and -0.83; the right hearings of such commands -0.84 to 0.23."""
MIN_FIT_RISKY_UNASKED = -0.4
"""Least fit for an action on a lock, a cover, an alarm or a valve without "Did you say ...?" first.
Measured by ``bench/hearing_confidence_bench.py`` (30 commands, 4 espeak-ng voices, 7 room
conditions, with the talk-after rule): of the misheard commands, 6 reached ``MIN_FIT_RISKY``, 2
reached -0.6 (one an opposite, which the n-best doubt asks about) and none reached -0.4; of the
exact hearings, 229 reached ``MIN_FIT_RISKY`` and 92 reach -0.4, so most spoken lock and cover
commands are asked about."""
MAX_TALK_AFTER = 0.3
"""Seconds of speech after the sentence's last word that still count as its own trailing sounds.
With other people talking behind (three voices at 10 dB), 46 of 51 wrong hearings had more."""
PHONE_LOOP_WEIGHT = 2.0
"""Language weight of the phone loop's phone bigrams: low, so the phones follow the sound."""
SILENCE_PHONES = frozenset({"SIL", "+NSN+", "+SPN+", "+BREATH+", "+COUGH+", "+NOISE+", "+UH+", "+UM+", "(NULL)"})


@dataclass(frozen=True)
class Fit:
    """How well the grammar's sentence explains the utterance."""

    per_frame: float
    """(log score of the sentence's path − that of the phone loop) × 1000 per 10 ms frame of its
    words (silence around them fits both alike): 0 is as good as the free loop, lower is worse."""
    talk_after: float
    """Seconds the phone loop heard speech after the sentence's last word."""

    @property
    def clarity(self) -> Clarity:
        if self.per_frame < MIN_FIT or self.talk_after > MAX_TALK_AFTER:
            return Clarity.GUESS
        if self.per_frame < MIN_FIT_RISKY:
            return Clarity.SURE
        return Clarity.SURE_FOR_RISKY if self.per_frame < MIN_FIT_RISKY_UNASKED else Clarity.CLEAR

    def describe(self) -> str:
        return f"fit {self.per_frame:.2f}, talk after {self.talk_after:.2f} s"


class PhoneLoop:
    """A second pocketsphinx decoder over the same audio, with its phone loop search."""

    def __init__(self, model_folder: str, sample_rate: int = 16000) -> None:
        from pocketsphinx import Decoder

        self.decoder = Decoder(hmm=os.path.join(model_folder, "en-us", "en-us"),
                               allphone=os.path.join(model_folder, "en-us", "en-us-phone.lm.bin"),
                               lw=PHONE_LOOP_WEIGHT, beam=1e-20, pbeam=1e-20, loglevel="FATAL", samprate=sample_rate)

    def start(self) -> None:
        self.decoder.start_utt()

    def accept(self, chunk: bytes) -> None:
        self.decoder.process_raw(chunk, False, False)

    def finish(self) -> None:
        self.decoder.end_utt()

    def decode(self, audio: bytes) -> None:
        """Hear a whole utterance again (after the grammar's decoder re-heard it)."""
        self.decoder.start_utt()
        self.decoder.process_raw(audio, False, True)
        self.decoder.end_utt()

    def fit(self, sentence_score: float, segments: list) -> Fit:
        """``sentence_score``: the grammar decoder's best path score (as pocketsphinx's Python gives
        it); ``segments``: its segmentation into words."""
        hypothesis = self.decoder.hyp()
        loop_score = hypothesis.best_score if hypothesis is not None else 0.0
        words = [seg for seg in segments if not seg.word.startswith(("<", "[", "+"))]
        word_frames = sum(seg.end_frame - seg.start_frame + 1 for seg in words)
        sentence_end = max((seg.end_frame for seg in words), default=0)
        per_frame = 1000 * (_log(sentence_score) - _log(loop_score)) / max(1, word_frames)
        after = sum(max(0, seg.end_frame - max(seg.start_frame, sentence_end)) for seg in (self.decoder.seg() or ())
                    if seg.word not in SILENCE_PHONES and seg.end_frame > sentence_end)
        return Fit(per_frame, after / 100)


def _log(score: float) -> float:
    return math.log(score) if score > 0 else -1e9
