// Implemented by the potential work in progress.
