package main

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// The targets of issue 7, on a 2-core machine with 32 connections and
// the load tool on the same machine.
const (
	targetTiltakRatio = 0.70                  // /tiltak strom throughput as a fraction of the floor's
	targetTiltakP99   = 10 * time.Millisecond // /tiltak strom p99
	targetLoggRate    = 500.0                 // /beredskap logg per second
	targetLoggP99     = 50 * time.Millisecond // /beredskap logg p99
	targetIdleRSS     = 40 << 20              // resident memory of the idle bot
	targetReady       = 300 * time.Millisecond
)

// print writes the table and the targets and returns the number of
// failed requests.
func (r *report) print(w io.Writer) int {
	fmt.Fprintf(w, "%s, %d CPUs, %d connections, %d rounds of %v (floor, /tiltak strom), %v /beredskap logg; load average before: %s\n\n",
		time.Now().Format("2006-01-02"), runtime.NumCPU(), r.conns, len(r.ratios), r.duration, r.duration, r.loadavg)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "command\trequests\tper s\tp50\tp99\tp99.9\terrors\tbot CPU/req\t")
	rows := []result{r.floor, r.tiltak}
	if r.logg != nil {
		rows = append(rows, *r.logg)
	}
	failed := 0
	for _, x := range rows {
		cpu := "-"
		if x.cpu > 0 {
			cpu = fmt.Sprintf("%dµs", x.cpuPerRequest().Microseconds())
		}
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%s\t%s\t%s\t%d\t%s\t\n", x.name, x.requests, x.perSecond(),
			ms(x.percentile(0.50)), ms(x.percentile(0.99)), ms(x.percentile(0.999)), x.errors, cpu)
		failed += x.errors
	}
	_ = tw.Flush()
	ratio := median(r.ratios)
	var each []string
	for _, x := range r.ratios {
		each = append(each, fmt.Sprintf("%.2f", x))
	}
	fmt.Fprintf(w, "\nbot/floor = %.2f (/tiltak strom; median of the rounds: %s)\n", ratio, strings.Join(each, " "))
	if r.spawned {
		fmt.Fprintf(w, "start to ready: %d ms; idle RSS: %.1f MB; peak RSS under load: %.1f MB\n",
			r.ready.Milliseconds(), mb(r.idleRSS), mb(r.peakRSS))
		if r.restart > 0 {
			fmt.Fprintf(w, "restart to ready with %d decisions in the database: %d ms\n", r.entries, r.restart.Milliseconds())
		}
	}
	for _, x := range rows {
		if x.errors > 0 {
			fmt.Fprintf(w, "%s: %d failed requests, the first: %s\n", x.name, x.errors, x.firstErr)
		}
	}

	fmt.Fprintln(w, "\ntargets:")
	check(w, ratio >= targetTiltakRatio, "/tiltak strom ≥ %.0f %% of the floor: %.0f %%", targetTiltakRatio*100, ratio*100)
	check(w, r.tiltak.percentile(0.99) < targetTiltakP99, "/tiltak strom p99 < %v: %s", targetTiltakP99, ms(r.tiltak.percentile(0.99)))
	if r.logg != nil {
		check(w, r.logg.perSecond() >= targetLoggRate, "/beredskap logg ≥ %.0f/s: %.0f/s", targetLoggRate, r.logg.perSecond())
		check(w, r.logg.percentile(0.99) < targetLoggP99, "/beredskap logg p99 < %v: %s", targetLoggP99, ms(r.logg.percentile(0.99)))
	}
	if r.spawned {
		check(w, r.idleRSS < targetIdleRSS, "idle RSS < %d MB: %.1f MB", targetIdleRSS>>20, mb(r.idleRSS))
		check(w, r.ready < targetReady, "start to ready < %v: %d ms", targetReady, r.ready.Milliseconds())
	}
	return failed
}

// median returns the median of xs (0 for none).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func check(w io.Writer, ok bool, format string, args ...any) {
	verdict := "MISS"
	if ok {
		verdict = "PASS"
	}
	fmt.Fprintf(w, "%s  %s\n", verdict, fmt.Sprintf(format, args...))
}

// ms formats a latency in milliseconds with two decimals.
func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }

func mb(b int64) float64 { return float64(b) / (1 << 20) }
