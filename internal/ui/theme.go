package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Theme is PrintDrop's look: Fyne's own theme, with a focus colour people
// can see. Fyne tints a focused control with its primary colour at about
// a sixth of its strength (for the default blue), which on a light
// background is barely there; keyboard users need to see where they are.
// Buttons also draw a ring of their own (pdwidget.Button).
func Theme() fyne.Theme { return appTheme{fyne.Theme(theme.DefaultTheme())} }

type appTheme struct{ fyne.Theme }

// focusAlpha is how strongly the focus colour covers a control: 40%.
const focusAlpha = 0x66

func (t appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameFocus {
		c := color.NRGBAModel.Convert(t.Theme.Color(theme.ColorNamePrimary, v)).(color.NRGBA)
		c.A = focusAlpha
		return c
	}
	return t.Theme.Color(n, v)
}
