package bridge

import (
	"context"
	"time"

	"printdrop/internal/workflow"
)

// Service is what the bridge needs of the use cases, declared here as the
// window declares its Backend: the bridge prints, follows and cancels
// through these and nothing else (*workflow.Service implements it, and
// tests can stand in for it).
type Service interface {
	// Printer reads a share's printer again (status, capabilities).
	Printer(ctx context.Context, shareID string) (workflow.Printer, error)
	// Print checks and prints a spooled document.
	Print(ctx context.Context, req workflow.PrintRequest) (*workflow.PrintTask, error)
	// FollowJob carries on a job an earlier run created.
	FollowJob(ctx context.Context, req workflow.FollowRequest) (*workflow.PrintTask, error)
	// CancelJob cancels a Universal Print job.
	CancelJob(ctx context.Context, shareID, jobID string) error
	// CancelLostCreates cancels the empty job a lost create may have left.
	CancelLostCreates(ctx context.Context, shareID string, settings workflow.JobSettings, since time.Time, except ...string) (int, error)
	// InterruptedJob is the job of a kept upload of path to the share.
	InterruptedJob(path, shareID string) string
	// DiscardUpload forgets a kept upload of path and cancels its job.
	DiscardUpload(ctx context.Context, path, shareID string) (bool, error)
}

var _ Service = (*workflow.Service)(nil)
