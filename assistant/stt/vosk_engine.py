"""vosk: the engine of choice when its model is on disk. Always loaded by path (``Model(lang=)``
would try to download), quiet (``SetLogLevel(-2)``), and, for models with a dynamic graph, held to
the home's grammar; text outside the grammar is flagged, not acted on."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from assistant.stt.base import SttUnavailable, Transcript, Word

logger = logging.getLogger(__name__)
UNKNOWN = "[unk]"


class VoskEngine:
    name = "vosk"

    def __init__(self, model_path: Path, phrases_for_home=None, sample_rate: int = 16000) -> None:
        try:
            import vosk
        except ImportError as err:
            raise SttUnavailable("vosk is not installed", fix="pip install vosk") from err
        if not (model_path / "am").is_dir() and not (model_path / "final.mdl").exists():
            raise SttUnavailable(
                f"no vosk model in {model_path}",
                fix="download one (e.g. vosk-model-small-en-us-0.15) from the vosk models page, unzip it into "
                "models/ and set stt.vosk_model to its folder",
            )
        vosk.SetLogLevel(-2)
        self._home = None
        started = time.perf_counter()
        self._vosk = vosk
        self.model = vosk.Model(str(model_path))
        self.sample_rate = sample_rate
        self.phrases_for_home = phrases_for_home
        self.dynamic = (model_path / "graph" / "HCLr.fst").exists() and (model_path / "graph" / "Gr.fst").exists()
        self.phrases: list[str] | None = None
        self.vocabulary: frozenset[str] = frozenset()
        self._recognizer = self._new_recognizer()
        self._done: list[dict] = []
        logger.info("vosk model %s loaded in %.1f s (%s graph)", model_path.name, time.perf_counter() - started,
                    "dynamic" if self.dynamic else "static")

    def use_phrases(self, phrases: list[str]) -> None:
        """Hold recognition to these phrases (only for models with a dynamic graph)."""
        if not self.dynamic:
            logger.info("this vosk model has a static graph: it cannot take the home's grammar")
            return
        kept = sorted({p.strip() for p in phrases if p.strip() and "<eps>" not in p})  # <eps> aborts vosk
        self.phrases = kept
        self.vocabulary = frozenset(w for p in kept for w in p.split())
        self._recognizer = self._new_recognizer()

    def use_home(self, home) -> None:
        if self.phrases_for_home is not None and home is not self._home:
            self.use_phrases(self.phrases_for_home(home))
            self._home = home

    def start(self) -> None:
        self._recognizer.Reset()
        self._done: list[dict] = []

    def accept(self, chunk: bytes) -> str | None:
        if self._recognizer.AcceptWaveform(chunk):  # vosk ended a stretch of its own; keep it
            self._done.append(json.loads(self._recognizer.Result()))
            return self._said_so_far("")
        return self._said_so_far(json.loads(self._recognizer.PartialResult()).get("partial", ""))

    def finish(self) -> Transcript:
        results = [*self._done, json.loads(self._recognizer.FinalResult())]
        self._done = []
        words = tuple(Word(w["word"], float(w["start"]), float(w["end"])) for r in results for w in r.get("result", []))
        text = " ".join(r.get("text", "") for r in results if r.get("text"))
        said = [w for w in text.split() if w != UNKNOWN]
        in_grammar = UNKNOWN not in text.split() and (
            self.phrases is None or all(w in self.vocabulary for w in said))
        return Transcript(" ".join(said), tuple(w for w in words if w.text != UNKNOWN), self.name, in_grammar)

    def _said_so_far(self, partial: str) -> str | None:
        return " ".join(t for t in (*(r.get("text", "") for r in self._done), partial) if t) or None

    def _new_recognizer(self):
        if self.phrases:
            recognizer = self._vosk.KaldiRecognizer(self.model, self.sample_rate,
                                                    json.dumps(self.phrases + [UNKNOWN], ensure_ascii=False))
        else:
            recognizer = self._vosk.KaldiRecognizer(self.model, self.sample_rate)
        recognizer.SetWords(True)
        return recognizer


