"""When a line may act on the home: the gate (target, verb, range), strict yes answers, word lists."""
