// Package tables writes a solved scenario for people and programs: a text
// summary (headline changes, by partner, by category, welfare), CSV tables
// (flows, markets, producers, countries) and one JSON document.
//
// Money is in million USD at world prices unless a column says otherwise;
// hats are ratios (1 = no change); rates are in percent.
package tables
