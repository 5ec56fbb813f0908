package baseline

// atpWords are the words a user may type for an ATP group, taken from the
// examples in the U.S. Census Bureau's definitions of the ten Advanced
// Technology Products groups (Census Bureau, Foreign Trade, "Advanced
// Technology Products (ATP)" definitions). They only suggest a group
// ("did you mean electronics?"): where a word's products fall in two
// groups, it is listed under the group whose definition names it, and the
// other is named in docs/DATA.md ("Words for ATP groups").
var atpWords = map[string][]string{
	// "advanced genetic research to the creation of new drugs, hormones,
	// and other therapeutic items"
	"biotech": {"biotechnology", "genetic engineering", "hormones"},
	// "scientific advances (other than biological) to medical science":
	// magnetic resonance imaging, echocardiography
	"lifesci": {"medical", "medical devices", "medical equipment", "mri", "life sciences"},
	// "emitting or detecting of light": optical scanners, optical disc
	// players, solar cells, photosensitive semiconductors, laser printers
	"opto": {"optoelectronics", "optical", "solar cells", "solar panels", "lasers", "laser printers", "photonics"},
	// fax machines, telephone switching, radar, communications satellites,
	// central processing units, disk drives, modems, computer software
	"ict": {"computers", "telecommunications", "telecom", "software", "radar", "satellites", "modems"},
	// integrated circuits, multilayer printed circuit boards,
	// surface-mounted components such as capacitors and resistors
	"electronics": {"semiconductors", "chips", "microchips", "integrated circuits", "circuit boards", "capacitors"},
	// robots, numerically controlled machine tools, industrial automation
	"flexmfg": {"robots", "robotics", "machine tools", "automation"},
	// semiconductor materials, optical fiber cable, videodisks
	"materials": {"semiconductor materials", "optical fiber", "fiber optics", "advanced materials"},
	// aircraft, helicopters, spacecraft (not communications satellites),
	// turbojet engines, flight simulators, automatic pilots
	"aerospace": {"aircraft", "airplanes", "planes", "helicopters", "spacecraft", "jet engines", "flight simulators"},
	// guided missiles, bombs, torpedoes, mines, launchers, some firearms
	"weapons": {"missiles", "bombs", "torpedoes", "firearms", "arms", "defense"},
	// nuclear reactors and parts, isotopic separation equipment, fuel
	// cartridges (nuclear medical apparatus is Life Science)
	"nuclear": {"nuclear reactors", "reactors", "nuclear fuel", "isotopes"},
}
