"""Expert interviews: a guide of questions, anonymised respondents, answers, a coding frame of
themes, coded passages, theme frequencies and agreement between coders (DESIGN §3)."""
