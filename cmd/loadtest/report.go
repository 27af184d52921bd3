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
	targetEfficiency  = 0.70                  // floor CPU/req ÷ /tiltak strom CPU/req, at least
	aimEfficiency     = 0.80                  // … and what to aim for
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
	fmt.Fprintln(tw, "command\trequests\tper s\tp50\tp99\tp99.9\terrors\tserver CPU/req\tloadtest CPU/req\t")
	rows := []result{r.floor, r.tiltak}
	if r.logg != nil {
		rows = append(rows, *r.logg)
	}
	failed := 0
	for _, x := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%s\t%s\t%s\t%d\t%s\t%s\t\n", x.name, x.requests, x.perSecond(),
			ms(x.percentile(0.50)), ms(x.percentile(0.99)), ms(x.percentile(0.999)), x.errors,
			µs(x.cpu, x.cpuPerRequest()), µs(x.clientCPU, x.clientCPUPerRequest()))
		failed += x.errors
	}
	_ = tw.Flush()
	ratio := median(r.ratios)
	fmt.Fprintf(w, "\nbot/floor = %.2f (/tiltak strom throughput; median of the rounds: %s)\n", ratio, each(r.ratios))
	eff := efficiency(r.floor, r.tiltak)
	if eff > 0 {
		fmt.Fprintf(w, "efficiency = %.2f (floor CPU/req %s ÷ /tiltak strom CPU/req %s, over all rounds; each round: %s)\n",
			eff, µs(r.floor.cpu, r.floor.cpuPerRequest()), µs(r.tiltak.cpu, r.tiltak.cpuPerRequest()), each(r.effs))
	} else {
		fmt.Fprintln(w, "efficiency: not measured (no CPU reading of the bot; with --url pass --pid)")
	}
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

	if r.floorRSS > 0 {
		fmt.Fprintf(w, "the floor's RSS, for scale: %.1f MB\n", mb(r.floorRSS))
	}

	fmt.Fprintln(w, "\ntargets:")
	check(w, ratio >= targetTiltakRatio, "/tiltak strom ≥ %.0f %% of the floor: %.0f %%", targetTiltakRatio*100, ratio*100)
	if eff > 0 || r.spawned {
		check(w, eff >= targetEfficiency, "/tiltak strom CPU/req ≤ floor's ÷ %.1f (efficiency ≥ %.2f, aim %.2f): %.2f",
			targetEfficiency, targetEfficiency, aimEfficiency, eff)
	}
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

// each formats the per-round figures.
func each(xs []float64) string {
	var s []string
	for _, x := range xs {
		s = append(s, fmt.Sprintf("%.2f", x))
	}
	if len(s) == 0 {
		return "-"
	}
	return strings.Join(s, " ")
}

// µs formats a CPU time per request in microseconds; "-" when the total
// is unknown (0).
func µs(total, perRequest time.Duration) string {
	if total <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.1fµs", float64(perRequest)/float64(time.Microsecond))
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
