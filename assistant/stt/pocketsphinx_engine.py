"""pocketsphinx: works out of the box (its wheel ships US English), steered by the home's grammar.

One decoder lives for the whole run: cepstral normalisation carries over between utterances
(restarting it per utterance doubled the error rate in trials). Words the dictionary lacks are
added when they are two dictionary words run together ('demomailbox'), else left out.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

from assistant.home.model import Home
from assistant.messages import Hearing
from assistant.stt.base import SttUnavailable, Transcript, Word
from assistant.stt.confidence import Fit, PhoneLoop
from assistant.stt.doubt import opposite_doubt
from assistant.stt.fsg import word_graph
from assistant.stt.grammar import HomeVocabulary, command_phrases

logger = logging.getLogger(__name__)
FRAMES_PER_SECOND = 100
MAX_EXTRA_PASSES = 12
"""Passes over one utterance while the estimate settles (each moves it about half the way; ~50-100 ms)."""
CMN_SETTLED = 0.5
"""Largest change of the cepstral mean (in its own units) that counts as settled."""
NBEST_SENTENCES = 6
"""Distinct sentences read from the lattice's n-best list when looking for an opposite."""
# Common command words the CMU dictionary spells differently or lacks.
EXTRA_PRONUNCIATIONS = {
    "unpause": "AH N P AO Z",
    "unmute": "AH N M Y UW T",
    "hows": "HH AW Z",
    "wheres": "W EH R Z",
    "summarise": "S AH M ER AY Z",
    "tv": "T IY V IY",
    "co2": "S IY OW T UW",
}


class PocketsphinxEngine:
    name = "pocketsphinx"

    def __init__(self, wake_phrase: str | None = None, learnt_file: Path | None = None) -> None:
        """``learnt_file``: where what the recogniser learnt of this microphone and room (its cepstral
        means) is kept, so that after a restart the first command is not decoded twice."""
        try:
            from pocketsphinx import Decoder, get_model_path
        except ImportError as err:
            raise SttUnavailable("pocketsphinx is not installed", fix="pip install pocketsphinx") from err
        model = get_model_path()
        self._dictionary_path = os.path.join(model, "en-us", "cmudict-en-us.dict")
        started = time.perf_counter()
        self.decoder = Decoder(hmm=os.path.join(model, "en-us", "en-us"), dict=self._dictionary_path,
                               lm=None, loglevel="FATAL", samprate=16000)
        self.phone_loop = PhoneLoop(model)
        self.pronunciations = _read_dictionary(self._dictionary_path)
        for word, phones in EXTRA_PRONUNCIATIONS.items():
            self._add_word(word, phones)
        self.wake_phrase = wake_phrase
        self._searches = 0
        self.phrases: frozenset[str] = frozenset()
        self._wake = ""
        self._home: Home | None = None
        self._audio = bytearray()
        self._cmn_before = self._cmn_initial = self._cmn()
        self._settled = False
        self.decoded_again = 0
        """Utterances decoded a second time, and more, while the normalisation settled."""
        self.last_fit: Fit | None = None
        """How well the last whole sentence fitted its audio (for benchmarks and diagnostics)."""
        self.learnt_file = learnt_file
        self._restore_learnt()
        logger.debug("pocketsphinx loaded in %.2f s", time.perf_counter() - started)

    def use_home(self, home: Home) -> None:
        if home is not self._home:  # the first home, or the registry changed: new names to hear
            self.use_phrases(command_phrases(HomeVocabulary.of(home)))
            self._home = home

    def use_phrases(self, phrases: list[str]) -> None:
        """Hold recognition to these sentences (words the dictionary cannot say are left out, with a warning)."""
        started = time.perf_counter()
        sayable, unsayable = [], set()
        for phrase in phrases:
            missing = [w for w in phrase.split() if not self._known(w)]
            if missing:
                unsayable.update(missing)
            else:
                sayable.append(phrase)
        if unsayable:
            logger.warning("pocketsphinx cannot say %s; sentences with them are left out "
                           "(give such devices an alias in plain words)", ", ".join(sorted(unsayable)[:12]))
        wake = tuple(w for w in (self.wake_phrase or "").lower().split() if self._known(w))
        graph = word_graph(sayable, optional_prefix=wake)
        self._searches += 1
        name = f"home{self._searches}"
        steps = [(a, b, p) if word is None else (a, b, p, word) for a, b, p, word in graph.transitions]
        fsg = self.decoder.create_fsg(name, graph.start, graph.final, steps)
        self.decoder.add_fsg(name, fsg)
        self.decoder.activate_search(name)
        if self._searches > 1:
            self.decoder.remove_search(f"home{self._searches - 1}")
        self.phrases = frozenset(sayable)
        self._wake = " ".join(wake)
        logger.info("pocketsphinx grammar: %d sentences, %d states, built in %.1f s",
                    len(sayable), graph.states, time.perf_counter() - started)

    def start(self) -> None:
        self._audio = bytearray()
        self._cmn_before = self._cmn()
        self.decoder.start_utt()
        self.phone_loop.start()

    def accept(self, chunk: bytes) -> str | None:
        # Digital silence (a muted microphone, a stream's padding) tells nothing of the voice or the
        # room, and it drags the normalisation and the fit: a first command after 8 s of zeros
        # fitted -1.18 where the same after faint noise fitted -0.86.
        if chunk.strip(b"\0"):
            self._audio += chunk
            self.decoder.process_raw(chunk, False, False)
            self.phone_loop.accept(chunk)
        hypothesis = self.decoder.hyp()
        return hypothesis.hypstr if hypothesis is not None else None

    def finish(self) -> Transcript:
        self.decoder.end_utt()
        self.phone_loop.finish()
        # Cepstral mean normalisation learns the voice and the room from the speech itself; its
        # running estimate creeps towards them with each pass. Until it has settled (the first
        # utterances after start), decode the same audio again with the better estimate. Trials: the
        # first command after start was wrong 5 times in 5 without this. An utterance under about
        # 3 s leaves the estimate where it started: that is not settled.
        for passes in range(0 if self._settled else MAX_EXTRA_PASSES):
            cmn = self._cmn()
            if max(abs(a - b) for a, b in zip(cmn, self._cmn_before)) < CMN_SETTLED:
                if cmn != self._cmn_initial:
                    self._settled = True  # from now on it follows the voice within each utterance
                    self._keep_learnt()  # and after a restart it starts from here
                    break
                if passes:
                    break  # not even a whole pass moved it: try again with the next utterance
            self._cmn_before = cmn
            self.decoded_again += 1
            self.decoder.start_utt()
            self.decoder.process_raw(bytes(self._audio), False, True)
            self.decoder.end_utt()
            self.phone_loop.decode(bytes(self._audio))  # its own normalisation learns from the same audio
        hypothesis = self.decoder.hyp()
        text = hypothesis.hypstr.strip() if hypothesis is not None else ""
        segments = list(self.decoder.seg() or ())
        words = tuple(
            Word(seg.word.split("(")[0], seg.start_frame / FRAMES_PER_SECOND, seg.end_frame / FRAMES_PER_SECOND)
            for seg in segments
            if not seg.word.startswith(("<", "[")) and seg.word != "<sil>"
        )
        complete = self.complete(text)
        self.last_fit = None
        if not complete or hypothesis is None:
            return Transcript(text, words, self.name, in_grammar=False)
        fit = self.last_fit = self.phone_loop.fit(hypothesis.best_score, segments)
        logger.debug("heard %r: %s", text, fit.describe())
        return Transcript(text, words, self.name, hearing=Hearing(fit.clarity, self._doubt(text)))

    def _doubt(self, text: str) -> tuple[str, str] | None:
        """An opposite of the heard sentence among the next-best ones, scoring almost as well."""
        if not text:
            return None
        ranked: dict[str, float] = {}  # distinct sentences, best first
        for entry in self.decoder.nbest():
            if len(ranked) >= NBEST_SENTENCES:
                break
            ranked.setdefault(entry.hypstr.strip(), entry.score)
        if next(iter(ranked), None) != text:
            return None
        return opposite_doubt(ranked.items())

    def complete(self, text: str) -> bool:
        """Whether ``text`` is a whole sentence of the grammar, with or without the wake phrase.
        When the speech stops or is misheard part way, the search ends inside a sentence ('open all
        the windows in the') and the best path so far is all it has: that is not a command."""
        if not self.phrases:
            return True
        rest = text
        if self._wake and (text == self._wake or text.startswith(self._wake + " ")):
            rest = text[len(self._wake):].strip()
        return not rest or rest in self.phrases

    def ends_command(self, text: str) -> bool:
        """Whether ``text`` is a whole command: a sentence of the grammar, not the wake phrase alone
        (people pause after it), so a short silence after it may end the utterance."""
        return bool(self.phrases) and text != self._wake and self.complete(text)

    def _cmn(self) -> list[float]:
        return [float(value) for value in self.decoder.get_cmn().split(",")]

    def _restore_learnt(self) -> None:
        if self.learnt_file is None:
            return
        try:
            learnt = json.loads(self.learnt_file.read_text(encoding="utf-8"))
            grammar, loop = (",".join(f"{float(v):g}" for v in learnt[k]) for k in ("grammar", "phone_loop"))
        except FileNotFoundError:
            return
        except (OSError, ValueError, KeyError, TypeError) as err:
            logger.warning("ignoring %s (%s); the recogniser learns the room anew", self.learnt_file, err)
            return
        self.decoder.set_cmn(grammar)
        self.phone_loop.decoder.set_cmn(loop)
        self._cmn_before = self._cmn()
        self._settled = True
        logger.info("recogniser starts from what it learnt of this room (%s)", self.learnt_file)

    def _keep_learnt(self) -> None:
        if self.learnt_file is None:
            return
        learnt = {"grammar": self._cmn(), "phone_loop": [float(v) for v in self.phone_loop.decoder.get_cmn().split(",")]}
        try:
            self.learnt_file.parent.mkdir(parents=True, exist_ok=True)
            scratch = self.learnt_file.with_suffix(".tmp")
            scratch.write_text(json.dumps(learnt), encoding="utf-8")
            scratch.replace(self.learnt_file)
        except OSError as err:
            logger.warning("cannot keep what the recogniser learnt in %s: %s", self.learnt_file, err)

    def _known(self, word: str) -> bool:
        if word in self.pronunciations:
            return True
        for cut in range(2, len(word) - 1):  # two dictionary words run together
            left, right = word[:cut], word[cut:]
            if left in self.pronunciations and right in self.pronunciations:
                self._add_word(word, f"{self.pronunciations[left]} {self.pronunciations[right]}")
                return True
        return False

    def _add_word(self, word: str, phones: str) -> None:
        if word in self.pronunciations:
            return
        self.decoder.add_word(word, phones, False)
        self.pronunciations[word] = phones


def _read_dictionary(path: str) -> dict[str, str]:
    words: dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            word, _, phones = line.strip().partition(" ")
            if "(" not in word and word not in words:
                words[word] = phones.strip()
    return words
