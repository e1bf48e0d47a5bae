// Implemented by the neighbour-list work in progress.
