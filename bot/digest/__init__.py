"""Weekly digests: who is due (schedule), what they get (compose), and delivery through the ledger (deliver)."""
