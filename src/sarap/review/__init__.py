"""Flagging of possibly violent-extremist content for human review: categories tied to violence and
to Kazakhstan's official list, rules and a classifier that explain themselves, a queue where a human
decides every item, metrics and a transparency report (DESIGN §6)."""
