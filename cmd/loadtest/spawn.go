package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// readyTimeout bounds how long the bot may take to answer /healthz.
const readyTimeout = 30 * time.Second

// buildBot builds the beredskapsbot binary of the module the load tool
// belongs to into dir and returns its path. It returns go build's output
// as the error when the build fails.
func buildBot(ctx context.Context, dir string) (string, error) {
	root, err := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}}").Output()
	if err != nil {
		return "", fmt.Errorf("find the module: %w (run the load tool inside the repository, or pass --bin)", err)
	}
	bin := filepath.Join(dir, "beredskapsbot")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	cmd.Dir = strings.TrimSpace(string(root))
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %w\n%s", err, out)
	}
	return bin, nil
}

// child is the bot running as a child process in HTTP mode.
type child struct {
	cmd     *exec.Cmd
	url     string        // http://127.0.0.1:<port>
	ready   time.Duration // from spawn to the first /healthz 200
	logPath string        // the bot's stderr
	exited  chan struct{} // closed when the process has exited
	waitErr error         // the process's exit, valid after exited
}

// startBot runs `bin serve` in dir with env (on top of PATH and HOME) on
// a free port of 127.0.0.1 and waits until /healthz answers 200. It
// returns an error, with the end of the bot's log, if the bot exits or is
// not ready within readyTimeout.
func startBot(bin, dir string, env []string) (*child, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	c := &child{url: "http://127.0.0.1:" + strconv.Itoa(port), logPath: filepath.Join(dir, "bot.log"), exited: make(chan struct{})}
	logf, err := os.OpenFile(c.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	c.cmd = exec.Command(bin, "serve")
	c.cmd.Dir = dir // no stray .env is read
	c.cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "BEREDSKAP_LISTEN=127.0.0.1:" + strconv.Itoa(port)}, env...)
	c.cmd.Stdout, c.cmd.Stderr = logf, logf

	hc := &http.Client{Timeout: time.Second}
	t0 := time.Now()
	if err := c.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	go func() { c.waitErr = c.cmd.Wait(); close(c.exited) }()
	deadline := t0.Add(readyTimeout)
	for {
		if ok := healthy(hc, c.url); ok {
			c.ready = time.Since(t0)
			return c, nil
		}
		select {
		case <-c.exited:
			return nil, fmt.Errorf("the bot exited before it was ready (%v):\n%s", c.waitErr, c.logTail(20))
		case <-time.After(time.Millisecond):
		}
		if time.Now().After(deadline) {
			c.stop()
			return nil, fmt.Errorf("the bot was not ready within %v:\n%s", readyTimeout, c.logTail(20))
		}
	}
}

// healthy reports whether GET /healthz answers 200.
func healthy(hc *http.Client, base string) bool {
	resp, err := hc.Get(base + "/healthz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// memory returns the child's resident set (VmRSS) and its peak (VmHWM)
// in bytes, from /proc/<pid>/status.
func (c *child) memory() (rss, peak int64, err error) {
	return procMemory(c.cmd.Process.Pid)
}

// procMemory reads VmRSS and VmHWM of a process from /proc (Linux).
func procMemory(pid int) (rss, peak int64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok || (key != "VmRSS" && key != "VmHWM") {
			continue
		}
		fields := strings.Fields(val) // "12345 kB"
		if len(fields) != 2 || fields[1] != "kB" {
			return 0, 0, fmt.Errorf("unexpected %s line %q", key, sc.Text())
		}
		kb, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return 0, 0, err
		}
		if key == "VmRSS" {
			rss = kb * 1024
		} else {
			peak = kb * 1024
		}
	}
	if err := sc.Err(); err != nil {
		return 0, 0, err
	}
	if rss == 0 {
		return 0, 0, errors.New("no VmRSS in /proc/<pid>/status")
	}
	return rss, peak, nil
}

// cpuTime returns the CPU time (user and system) the child has used.
func (c *child) cpuTime() (time.Duration, error) {
	return procCPU(c.cmd.Process.Pid)
}

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat's times; 100 on
// every Linux architecture Go supports.
const clockTicks = 100

// procCPU reads utime+stime of a process from /proc/<pid>/stat (Linux).
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) is in parentheses and may hold spaces;
	// utime and stime are fields 14 and 15, the 12th and 13th after it.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0, errors.New("malformed /proc/<pid>/stat")
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, errors.New("short /proc/<pid>/stat")
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, errors.New("malformed times in /proc/<pid>/stat")
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, nil
}

// stop sends SIGTERM and waits for a clean shutdown, killing the process
// after 15 seconds. It returns the process's exit error, if any.
func (c *child) stop() error {
	select {
	case <-c.exited:
		return c.waitErr
	default:
	}
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.exited:
		return c.waitErr
	case <-time.After(15 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.exited
		return errors.New("the bot did not stop within 15 s of SIGTERM and was killed")
	}
}

// logTail returns the last n lines of the bot's log.
func (c *child) logTail(n int) string {
	b, err := os.ReadFile(c.logPath)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
