"""Understanding: a fine-tuned BERT-family model that turns a transcript into an intent, slots and a confidence."""
