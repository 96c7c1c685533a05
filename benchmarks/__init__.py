"""`make bench`: each benchmark prints ratios measured side by side in one run."""
