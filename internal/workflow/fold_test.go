package workflow

import "testing"

func TestMatchAll(t *testing.T) {
	t.Parallel()
	fields := []string{"Étage 2 – Salle Copie", "Zürich, Bâtiment B", "Contoso LaserMax 400"}
	tests := []struct {
		q    string
		want bool
	}{
		{"", true},
		{"   ", true},
		{"etage", true},
		{"ÉTAGE", true},
		{"zurich", true},
		{"zuerich", false}, // no transliteration beyond stripping accents
		{"batiment lasermax", true},
		{"lasermax zurich copie", true},
		{"lasermax geneva", false},
		{"400", true},
		{"Zu\u0308rich", true}, // decomposed input: combining diaeresis
	}
	for _, tt := range tests {
		if got := matchAll(tt.q, fields...); got != tt.want {
			t.Errorf("matchAll(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"Straße": "strasse", "Œuvre": "oeuvre", "Łódź": "lodz", "ÅNGSTRÖM": "angstrom", "Ça": "ca"} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}
