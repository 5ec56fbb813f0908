// Package census turns the U.S. Census Bureau international trade API's
// Advanced Technology Products responses into a tariffsim baseline, and
// can fetch them.
//
// # Responses
//
// Two requests give a year of U.S. ATP trade by partner and group (URLs):
//
//	{base}/exports/hitech?get=CTY_CODE,CTY_NAME,HITECH,HITECH_DESC,ALL_VAL_YR&time=2024-12
//	{base}/imports/hitech?get=CTY_CODE,CTY_NAME,HITECH,HITECH_DESC,GEN_VAL_YR&time=2024-12
//
// *_VAL_YR is the year-to-date value, so December's is the annual total;
// exports are total exports (ALL_VAL, domestic + re-exports) and imports
// general imports (GEN_VAL). Values are in dollars and become million USD.
// A response is a JSON array of arrays of strings, a header row first; the
// API appends the predicate columns ("time", and a repeated CTY_CODE when
// CTY_CODE is a predicate). Parse finds columns by name, tells an exports
// response (ALL_VAL_YR) from an imports one (GEN_VAL_YR), and reports every
// malformed file with its name and, where it applies, the row (the header
// is row 1) and line.
//
// # Rows left out
//
// A response mixes countries with area aggregates; summing all rows would
// count trade several times. A row is an aggregate, and left out, when its
// CTY_CODE is
//
//   - empty, "-" or all zeros: the total for all countries;
//   - a code starting with 0 ("0003" European Union, "0014" Pacific Rim,
//     OECD, NATO, APEC, ASEAN, Euro area, USMCA, CAFTA-DR ...): groupings;
//   - a code with a non-digit ("1XXX" North America, "4XXX" Europe, "5XXX"
//     Asia ...): continents and regions;
//
// or its CTY_NAME is a known aggregate name (TOTAL FOR ALL COUNTRIES,
// EUROPEAN UNION, PACIFIC RIM COUNTRIES, APEC, OECD, NATO, ...), or a
// SUMMARY_LVL column, if present, is not "DET". Of the country rows, those
// whose HITECH is "" (TOTAL FOR ALL COMMODITIES), "-", "TOTAL" or "00"
// (NOT ADVANCED TECHNOLOGY) are left out too, as is CTY_CODE 1000 (the
// United States itself). Every other row must have a four-digit CTY_CODE
// and a HITECH of 01..10, which map to the categories biotech, lifesci,
// opto, ict, electronics, flexmfg, materials, aerospace, weapons, nuclear.
//
// # Partners
//
// Census Schedule C codes map to ISO 3166-1 alpha-2 codes (Countries);
// an unmapped country keeps "C" + its Census code and its Census name.
// Partners are ranked by total ATP trade (exports + imports); the top N
// (Options.TopN, default 19) keep their code and the rest are summed into
// RoW, so the total over partners is the sum of the country rows. Imports
// become flows US ← partner, exports partner ← US, with status published
// (derived for RoW sums) and a source naming endpoint, period and column.
// Zero cells are left out. Options.USShare adds the other-suppliers flows
// of baseline.OtherSuppliers.
//
// # What was confirmed and what is assumed
//
// Confirmed from public code and notebooks that call the API (searched,
// not fetched: this machine is offline):
//
//   - the endpoints and get= fields, ALL_VAL_YR for exports and GEN_VAL_YR
//     for imports (the R function pull_trade_atp; notebooks);
//   - the response shape: header row then rows of strings, "time" column
//     appended, a repeated CTY_CODE column when it is a predicate
//     (pull_trade_atp drops it);
//   - CTY_CODE "-" for TOTAL FOR ALL COUNTRIES and "0003" for EUROPEAN
//     UNION; CTY_NAMEs of the aggregates (several projects filter the same
//     list); HITECH "" = TOTAL FOR ALL COMMODITIES, "00" = NOT ADVANCED
//     TECHNOLOGY, 01..10 = BIOTECHNOLOGY [01] ... NUCLEAR TECHNOLOGY [10];
//   - Schedule C codes of the main partners (5700 China, 2010 Mexico, 1220
//     Canada, 5830 Taiwan, 4190 Ireland, 4280 Germany, 5880 Japan, 5800
//     South Korea, 5520 Vietnam, 5570 Malaysia, 5490 Thailand, 5330 India,
//     4210 Netherlands, 4120 United Kingdom, 4279 France, 4759 Italy, 4419
//     Switzerland, 5590 Singapore) in two independent public lists; the
//     rest of Countries, including 5081 Israel, from one public copy of
//     Schedule C.
//
// Assumed: the exact codes of the groupings other than the EU (0014 Pacific
// Rim ...) and of continents (nXXX): the rule does not depend on them, as
// any code starting with 0 or holding a letter is an aggregate; that
// "TOTAL" or "-" might mark a total group; that no country code starts
// with 0 (true of Schedule C); that the API answers HTTP 204 with an empty
// body when no row matches (public code handles empty bodies; Fetch
// reports either as "no data").
package census
