"""The joint model: one BERT-family encoder, an intent head on the mean-pooled sentence and a
BIO slot head on each word's first sub-token. Used for training and ONNX export only."""

from __future__ import annotations

import torch
from torch import nn
from transformers import AutoModel


class JointIntentSlotModel(nn.Module):
    def __init__(self, base_path: str, intent_count: int, tag_count: int, *, layers: int | None = None, dropout: float = 0.1) -> None:
        super().__init__()
        self.encoder = AutoModel.from_pretrained(base_path)
        if layers is not None and layers < len(self.encoder.encoder.layer):
            self.encoder.encoder.layer = self.encoder.encoder.layer[:layers]
            self.encoder.config.num_hidden_layers = layers
        hidden = self.encoder.config.hidden_size
        self.dropout = nn.Dropout(dropout)
        self.intent_head = nn.Linear(hidden, intent_count)
        self.slot_head = nn.Linear(hidden, tag_count)

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Returns (intent logits [batch, intents], tag logits [batch, tokens, tags])."""
        tokens = self.encoder(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
        pooled = (tokens * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
        return self.intent_head(self.dropout(pooled)), self.slot_head(self.dropout(tokens))
