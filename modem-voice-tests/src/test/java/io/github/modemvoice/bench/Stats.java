package io.github.modemvoice.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * The numbers of repeated measurements of one quantity: median, minimum, maximum and spread
 * ((max - min) / median). Benchmarks report the median and the spread, never a single run.
 */
final class Stats {
    private final String unit;
    private final double[] values;

    private Stats(String unit, double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        this.unit = unit;
        this.values = values.clone();
        Arrays.sort(this.values);
    }

    static Stats of(String unit, double... values) {
        return new Stats(unit, values);
    }

    double median() {
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    double min() {
        return values[0];
    }

    double max() {
        return values[values.length - 1];
    }

    int count() {
        return values.length;
    }

    /** @return (max - min) / median in percent */
    double spreadPercent() {
        double m = median();
        return m == 0 ? 0 : (max() - min()) / Math.abs(m) * 100;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "median %s %s (min %s, max %s, spread %.1f %%, n=%d)",
                fmt(median()), unit, fmt(min()), fmt(max()), spreadPercent(), count());
    }

    static String fmt(double v) {
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 0.1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /**
     * @param sorted ascending values
     * @param q      quantile between 0 and 1
     * @return the nearest-rank quantile
     */
    static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
