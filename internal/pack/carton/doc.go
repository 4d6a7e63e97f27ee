// Package carton chooses cartons for an order and loads boxes into a
// container. It is pure (standard library only): the pack station feeds it
// items, a carton catalogue and a carrier price, and stores what it returns.
//
// The loading core is block building over maximal residual spaces
// (Parreño et al. 2008; Fanslau and Bortfeldt 2010): boxes of one kind are
// grouped into cuboid blocks, a block is placed at the corner of the empty
// space nearest a container corner, and a look-ahead search picks each
// block by completing the load greedily after each of the best few; the
// number tried grows by half each round until the time budget is spent.
//
// Cartonize is the pack station's entry: an order's items, the cartons
// in stock, protection materials and the carrier's price in; parcels with
// every unit's position, their costs and an explanation out. VolumeRule
// is the naive baseline it is measured against, TryCarton checks one
// carton, Pack is the loading core and ParseThpack reads the benchmark
// instances.
package carton
