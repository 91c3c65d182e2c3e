package indexer

// BleveDoc is bleveDoc, for the benchmarks of package indexer_test.
var BleveDoc = bleveDoc
