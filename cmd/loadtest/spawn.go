package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
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

// child is a server the load tool runs as a child process: the bot in
// HTTP mode, or the floor.
type child struct {
	name    string // "the bot", "the floor": for messages
	cmd     *exec.Cmd
	url     string         // http://127.0.0.1:<port>
	ready   time.Duration  // from spawn to the first /healthz 200
	logPath string         // the child's stdout and stderr
	stdin   io.WriteCloser // the floor's stdin, closed to stop it; nil for the bot
	exited  chan struct{}  // closed when the process has exited
	waitErr error          // the process's exit, valid after exited
}

// startBot runs `bin serve` in dir with env (on top of PATH and HOME) on
// a free port of 127.0.0.1 and waits until /healthz answers 200. It
// returns an error, with the end of the bot's log, if the bot exits or is
// not ready within readyTimeout.
func startBot(bin, dir string, env []string) (*child, error) {
	return startChild("the bot", filepath.Join(dir, "bot.log"), func(addr string) *exec.Cmd {
		cmd := exec.Command(bin, "serve")
		cmd.Dir = dir // no stray .env is read
		cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "BEREDSKAP_LISTEN=" + addr}, env...)
		return cmd
	})
}

// startFloor runs this binary in its floor mode in dir, answering with
// card to requests signed with secret, and waits until it is ready. The
// floor gets as little environment as the bot (PATH and HOME), so that
// neither inherits tuning such as GOGC or GOMAXPROCS from the load tool.
func startFloor(dir, secret string, card []byte) (*child, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find the load tool's own binary to run the floor: %w", err)
	}
	cardPath := filepath.Join(dir, "floor-card.json")
	if err := os.WriteFile(cardPath, card, 0o600); err != nil {
		return nil, err
	}
	var stdin io.WriteCloser
	var pipeErr error
	c, err := startChild("the floor", filepath.Join(dir, "floor.log"), func(addr string) *exec.Cmd {
		cmd := exec.Command(exe, floorMode, "-listen", addr, "-card", cardPath)
		cmd.Dir = dir
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, floorSecretEnv + "=" + secret}
		// The floor stops when this pipe closes: in stop, or when the
		// load tool dies.
		stdin, pipeErr = cmd.StdinPipe()
		return cmd
	})
	if err == nil && pipeErr != nil {
		_ = c.stop()
		err = pipeErr
	}
	if err != nil {
		if stdin != nil {
			_ = stdin.Close()
		}
		return nil, err
	}
	c.stdin = stdin
	return c, nil
}

// startChild starts the command that command returns for a free address
// of 127.0.0.1, with its stdout and stderr appended to logPath, and waits
// until GET /healthz answers 200 there. It returns an error with the end
// of the log if the process exits or is not ready within readyTimeout.
func startChild(name, logPath string, command func(addr string) *exec.Cmd) (*child, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	c := &child{name: name, url: "http://127.0.0.1:" + strconv.Itoa(port), logPath: logPath, exited: make(chan struct{})}
	logf, err := os.OpenFile(c.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	c.cmd = command("127.0.0.1:" + strconv.Itoa(port))
	c.cmd.Stdout, c.cmd.Stderr = logf, logf

	hc := &http.Client{Timeout: time.Second}
	t0 := time.Now()
	if err := c.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", c.cmd.Path, err)
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
			return nil, fmt.Errorf("%s exited before it was ready (%v):\n%s", name, c.waitErr, c.logTail(20))
		case <-time.After(time.Millisecond):
		}
		if time.Now().After(deadline) {
			c.stop()
			return nil, fmt.Errorf("%s was not ready within %v:\n%s", name, readyTimeout, c.logTail(20))
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
// every Linux architecture Go supports. One tick is 10 ms, so a measured
// window needs some seconds of load for a per-request figure to the µs.
const clockTicks = 100

// procCPU reads utime+stime of a process from /proc/<pid>/stat (Linux):
// the CPU time of all its threads, user and kernel.
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	ticks, err := parseStatTicks(string(b))
	if err != nil {
		return 0, err
	}
	return time.Duration(ticks) * time.Second / clockTicks, nil
}

// parseStatTicks returns utime+stime, in clock ticks, of a line of
// /proc/<pid>/stat.
func parseStatTicks(stat string) (int64, error) {
	// The command name (field 2) is in parentheses and may hold spaces
	// and parentheses itself; utime and stime are fields 14 and 15, the
	// 12th and 13th after the last ')'.
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, errors.New("malformed /proc/<pid>/stat: no command name")
	}
	f := strings.Fields(stat[i+1:])
	if len(f) < 13 {
		return 0, errors.New("short /proc/<pid>/stat")
	}
	utime, err1 := strconv.ParseUint(f[11], 10, 63)
	stime, err2 := strconv.ParseUint(f[12], 10, 63)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("malformed times %q %q in /proc/<pid>/stat", f[11], f[12])
	}
	return int64(utime + stime), nil
}

// stop sends SIGTERM (and closes the floor's stdin) and waits for a clean
// shutdown, killing the process after 15 seconds. It returns the
// process's exit error, if any.
func (c *child) stop() error {
	if c.stdin != nil {
		_ = c.stdin.Close()
	}
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
		return fmt.Errorf("%s did not stop within 15 s of SIGTERM and was killed", c.name)
	}
}

// logTail returns the last n lines of the child's log.
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
