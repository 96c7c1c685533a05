"""The Textual app and the command line. Never imports torch: torch lives in the engine process."""
