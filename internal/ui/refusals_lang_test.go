package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"printdrop/internal/emulator"
	"printdrop/internal/workflow"
)

// TestRefusalsInGerman: with the German catalogue, the refusals workflow
// writes from parts (copies, document type, an empty file, a conversion, a
// share that is not there) come out German with their values in place, and
// Explain cuts each into its German headline and next step; the same
// refusals in English read as before.
func TestRefusalsInGerman(t *testing.T) {
	e := newEmuEnv(t)
	ctx := context.Background()
	dir := t.TempDir()
	pdf := writePDF(t, dir, "memo.pdf", 10_000)
	empty := filepath.Join(dir, "leer.pdf")
	binary := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(binary, []byte("PK\x03\x04\x00\x00\x01\x02binary\x00\x00\x00 data"), 0o600); err != nil {
		t.Fatal(err)
	}
	printer := func(id string) workflow.Printer {
		p, err := e.svc.Printer(ctx, id)
		if err != nil {
			t.Fatalf("printer %s: %v", id, err)
		}
		return p
	}
	oxpsOnly, ok, pdfOnly := printer(emulator.ShareOXPSOnly), printer(emulator.ShareDefault), printer(emulator.DemoShareID(8))
	refusals := func() map[string]error {
		_, notFound := e.svc.ResolveShare(ctx, "Keller 9")
		return map[string]error{
			"copies":       workflow.JobSettings{Copies: 120}.Validate(workflow.JobOptions{MaxCopies: 99}),
			"content type": e.svc.CheckFile(pdf, oxpsOnly),
			"empty file":   e.svc.CheckFile(empty, ok),
			"conversion":   e.svc.CheckFile(binary, pdfOnly),
			"not found":    notFound,
		}
	}
	type said struct{ sentence, head, next string }
	english := map[string]said{
		"copies": {"This printer prints at most 99 copies.", "This printer prints at most 99 copies", ""},
		"content type": {oxpsOnly.Name() + " cannot print memo.pdf (PDF): save it as OpenXPS and print that, or choose another printer.",
			oxpsOnly.Name() + " cannot print memo.pdf (PDF)", "Save it as OpenXPS and print that, or choose another printer."},
		"empty file": {"leer.pdf is empty (0 bytes): there is nothing to print.", "leer.pdf is empty (0 bytes)", "There is nothing to print."},
		"conversion": {"notes.txt is not plain text (it holds binary data): open it in the program that made it and print it as PDF from there.",
			"notes.txt is not plain text (it holds binary data)", "Open it in the program that made it and print it as PDF from there."},
		"not found": {`No printer share is called "Keller 9" or has that id: check the spelling or use the share's id, or ask your administrator for access to it.`,
			`No printer share is called "Keller 9" or has that id`, "Check the spelling or use the share's id, or ask your administrator for access to it."},
	}
	german := map[string]said{
		"copies": {"Dieser Drucker druckt höchstens 99 Kopien.", "Dieser Drucker druckt höchstens 99 Kopien", ""},
		"content type": {oxpsOnly.Name() + " kann memo.pdf (PDF) nicht drucken: Speichern Sie es als OpenXPS und drucken Sie das, oder wählen Sie einen anderen Drucker.",
			oxpsOnly.Name() + " kann memo.pdf (PDF) nicht drucken", "Speichern Sie es als OpenXPS und drucken Sie das, oder wählen Sie einen anderen Drucker."},
		"empty file": {"leer.pdf ist leer (0 Byte): Es gibt nichts zu drucken.", "leer.pdf ist leer (0 Byte)", "Es gibt nichts zu drucken."},
		"conversion": {"notes.txt ist kein reiner Text (enthält Binärdaten): Öffnen Sie es in dem Programm, mit dem es erstellt wurde, und drucken Sie es von dort als PDF.",
			"notes.txt ist kein reiner Text (enthält Binärdaten)", "Öffnen Sie es in dem Programm, mit dem es erstellt wurde, und drucken Sie es von dort als PDF."},
		"not found": {"Keine Druckerfreigabe heißt „Keller 9“ oder hat diese ID: Prüfen Sie die Schreibweise oder verwenden Sie die ID der Freigabe, oder bitten Sie Ihre Administration um Zugriff darauf.",
			"Keine Druckerfreigabe heißt „Keller 9“ oder hat diese ID", "Prüfen Sie die Schreibweise oder verwenden Sie die ID der Freigabe, oder bitten Sie Ihre Administration um Zugriff darauf."},
	}
	check := func(tag string, want map[string]said) {
		t.Helper()
		for name, err := range refusals() {
			w := want[name]
			if err == nil {
				t.Errorf("%s, %s: not refused", tag, name)
				continue
			}
			if err.Error() != w.sentence {
				t.Errorf("%s, %s:\n got %q\nwant %q", tag, name, err.Error(), w.sentence)
			}
			if head, next, _ := workflow.Explain(err); head != w.head || next != w.next {
				t.Errorf("%s, %s: explained as %q / %q, want %q / %q", tag, name, head, next, w.head, w.next)
			}
		}
	}
	check("en", english)
	useLanguage(t, "de")
	check("de", german)

	var setting *workflow.SettingError
	var refused *workflow.RefusedError
	var notFound *workflow.ShareNotFoundError
	r := refusals()
	if !errors.As(r["copies"], &setting) || setting.Field != workflow.FieldCopies {
		t.Errorf("copies: %#v is not a copies SettingError", r["copies"])
	}
	for name, reason := range map[string]workflow.Refusal{"content type": workflow.RefusedContentType, "empty file": workflow.RefusedFile, "conversion": workflow.RefusedConversion} {
		if !errors.As(r[name], &refused) || refused.Reason != reason {
			t.Errorf("%s: %#v is not refused for reason %d", name, r[name], reason)
		}
	}
	if !errors.As(r["not found"], &notFound) || notFound.Query != "Keller 9" {
		t.Errorf("not found: %#v", r["not found"])
	}
}

// TestRefusalsJoinedTheLanguagesWay: French puts a space before the
// colon, Japanese joins the two with "。", and Explain still finds the
// headline and the next step.
func TestRefusalsJoinedTheLanguagesWay(t *testing.T) {
	refusal := func() error { return workflow.JobSettings{Copies: 2}.Validate(workflow.JobOptions{MaxCopies: 1}) }
	for _, tc := range []struct{ tag, sentence, head, next string }{
		{"fr", "Cette imprimante imprime 1 copie par tâche : imprimez-le de nouveau pour en avoir plus.",
			"Cette imprimante imprime 1 copie par tâche", "Imprimez-le de nouveau pour en avoir plus."},
		{"ja", "このプリンターは 1 ジョブにつき 1 部だけ印刷します。部数を増やすには、もう一度印刷してください。",
			"このプリンターは 1 ジョブにつき 1 部だけ印刷します", "部数を増やすには、もう一度印刷してください。"},
		{"zh-Hans", "此打印机每个作业只打印 1 份：如需更多份数，请再次打印。", "此打印机每个作业只打印 1 份", "如需更多份数，请再次打印。"},
	} {
		t.Run(tc.tag, func(t *testing.T) {
			useLanguage(t, tc.tag)
			err := refusal()
			head, next, _ := workflow.Explain(err)
			if err.Error() != tc.sentence || head != tc.head || next != tc.next {
				t.Errorf("%s: %q, explained as %q / %q", tc.tag, err.Error(), head, next)
			}
			if strings.HasSuffix(head, " ") {
				t.Errorf("%s: the headline %q ends in a space", tc.tag, head)
			}
		})
	}
}
