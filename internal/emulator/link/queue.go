package link

import "time"

// chunk is a piece of the stream with the moment it reaches the other side.
type chunk struct {
	buf *[]byte // pooled storage
	n   int     // bytes used in *buf
	off int     // bytes already consumed
	at  time.Time
	err error // end of stream (io.EOF or the read error), delivered at at
}

// queue is one direction's bytes in flight, oldest first.
type queue struct {
	chunks []*chunk
	bytes  int
}

func (q *queue) front() *chunk {
	if len(q.chunks) == 0 {
		return nil
	}
	return q.chunks[0]
}

func (q *queue) last() time.Time {
	if len(q.chunks) == 0 {
		return time.Time{}
	}
	return q.chunks[len(q.chunks)-1].at
}

func (q *queue) push(c *chunk) {
	q.chunks = append(q.chunks, c)
	q.bytes += c.n - c.off
}

func (q *queue) pop() {
	c := q.chunks[0]
	q.chunks[0] = nil
	q.chunks = q.chunks[1:]
	if c.buf != nil {
		buffers.Put(c.buf)
	}
}

func (q *queue) drop() {
	for len(q.chunks) > 0 {
		q.pop()
	}
	q.bytes = 0
}
