package store

// InJob exposes inJob to the tests of the limits.
var InJob = (*Store).inJob
