"""The admin of rectifications, owners forums and suggestion slips."""
