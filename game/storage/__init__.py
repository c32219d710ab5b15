"""Storage: the one place that holds SQL, and the compact codec for raw samples."""
