#!/usr/bin/env bash
# A print job against the emulator with nothing but curl, sed and sha256sum:
# create a job, upload FILE in three out-of-order chunks (watching the gaps),
# start it, wait for "completed", and compare the stored SHA-256 with FILE's.
# Usage: curl-session.sh INFO_FILE FILE   (INFO_FILE = the line "printdrop emulator" printed)
set -euo pipefail
INFO=$(head -n 1 "$1")
FILE=$2
json() { sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p"; } # first-level string or number field
GRAPH=$(printf '%s' "$INFO" | json graph_url)
CONTROL=$(printf '%s' "$INFO" | json control_url)
SHARE=5a2e0001-0000-4000-8000-000000000001 # "Lyon HQ – Floor 2 Copy Room" in the demo seed

# A token for scripts (the app itself signs in through the browser).
TOKEN=$(curl -sf -X POST "$CONTROL/tokens" \
  -d '{"scopes":["PrintJob.ReadWrite","PrinterShare.ReadBasic.All"]}' | json access_token)
AUTH="Authorization: Bearer $TOKEN"

# 1. Create the job: paused/[uploadPending] with one empty document.
JOB=$(curl -sf -X POST -H "$AUTH" -H 'Content-Type: application/json' \
  -d '{"configuration":{"copies":1,"mediaSize":"A4"}}' "$GRAPH/v1.0/print/shares/$SHARE/jobs")
JOB_ID=$(printf '%s' "$JOB" | sed -n 's/.*"id":"\([0-9][0-9]*\)".*/\1/p')
DOC_ID=$(printf '%s' "$JOB" | sed -n 's/.*"documents":\[{[^]]*"id":"\([^"]*\)".*/\1/p')
echo "job $JOB_ID, document $DOC_ID"

# 2. An upload session on the upload host (no bearer goes there).
SIZE=$(wc -c < "$FILE" | tr -d ' ')
SESSION=$(curl -sf -X POST -H "$AUTH" -H 'Content-Type: application/json' \
  -d "{\"properties\":{\"documentName\":\"$(basename "$FILE")\",\"contentType\":\"application/pdf\",\"size\":$SIZE}}" \
  "$GRAPH/v1.0/print/shares/$SHARE/jobs/$JOB_ID/documents/$DOC_ID/createUploadSession")
UPLOAD_URL=$(printf '%s' "$SESSION" | json uploadUrl)

# 3. Three chunks, last one first: each 202 lists every gap still missing.
put() { # first last: send bytes first..last (inclusive) of FILE
  { tail -c +$(($1 + 1)) "$FILE" || true; } | head -c $(($2 - $1 + 1)) | # tail may get SIGPIPE: fine
    curl -s -X PUT -H "Content-Range: bytes $1-$2/$SIZE" -H 'Content-Type: application/octet-stream' \
      --data-binary @- -w ' -> HTTP %{http_code}\n' "$UPLOAD_URL"
}
A=$((SIZE / 3)); B=$((2 * SIZE / 3))
put "$B" $((SIZE - 1))
put 0 $((A - 1))
put "$A" $((B - 1)) # the last missing range: 201 with the document

# 4. Start the job and follow it to the end.
curl -sf -X POST -H "$AUTH" "$GRAPH/v1.0/print/shares/$SHARE/jobs/$JOB_ID/start"; echo
for _ in $(seq 1 50); do
  STATE=$(curl -sf -H "$AUTH" "$GRAPH/v1.0/print/shares/$SHARE/jobs/$JOB_ID" | sed -n 's/.*"state":"\([a-zA-Z]*\)".*/\1/p')
  [ "$STATE" = completed ] && break
  sleep 0.2
done
echo "job $JOB_ID is $STATE"

# 5. The emulator's SHA-256 of what it stored must equal the file's.
STORED=$(curl -sf "$CONTROL/jobs/$JOB_ID/document" | json sha256)
LOCAL=$(sha256sum "$FILE" | cut -d' ' -f1)
echo "stored sha256 $STORED"
echo "file   sha256 $LOCAL"
[ "$STATE" = completed ] && [ "$STORED" = "$LOCAL" ] && echo "OK: printed and stored intact"
