package io.credyt.autoconfigure.admin;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.credyt.report.DailyProfitability;
import io.credyt.report.DailySpend;
import io.credyt.report.SpendLine;

/**
 * A chart of amounts per day, drawn by the page as SVG: every coordinate is computed here, so the
 * template only places them and nothing runs in the browser. Each series is either a line (a
 * point a day) or a part of the day's stacked bar; all share one scale, from zero to the largest
 * bar or point.
 *
 * @param width the drawing's width
 * @param height the drawing's height
 * @param top the top of the plot (the largest amount's height)
 * @param bottom the bottom of the plot (zero)
 * @param left the plot's left edge
 * @param right the plot's right edge
 * @param max the largest amount of a day, the top of the scale
 * @param barWidth the width of a day's bar
 * @param lines the line series, each with its points
 * @param days each day's amounts and position
 */
public record DailyChart(int width, int height, int top, int bottom, int left, int right, BigDecimal max,
		String barWidth, List<Line> lines, List<Day> days) {

	/** The profitability chart's series: revenue and vendor cost, two lines. */
	public static final String REVENUE = "revenue";

	/** The vendor cost, a line in both charts. */
	public static final String COST = "cost";

	/** The parts of a spend bar: the fee paid from each kind of value. */
	public static final List<String> SPEND_PARTS = List.of("paid", "promotional", "bundled", "unfunded");

	private static final int WIDTH = 720;

	private static final int HEIGHT = 200;

	private static final int TOP = 12;

	private static final int BOTTOM = 176;

	private static final int LEFT = 56;

	private static final int RIGHT = 712;

	/** A bar is at most this wide, so a short period does not draw slabs. */
	private static final double MAX_BAR_WIDTH = 24;

	/**
	 * A line series.
	 *
	 * @param name the series' name (its CSS class)
	 * @param points its points, {@code x,y} pairs
	 */
	public record Line(String name, String points) {
	}

	/**
	 * One day of the chart.
	 *
	 * @param day the day (UTC)
	 * @param x its position (a line's point, a bar's middle)
	 * @param barX its bar's left edge
	 * @param values each series' amount and position, lines and bar parts, in the order given
	 */
	public record Day(LocalDate day, String x, String barX, List<Value> values) {

		/**
		 * One series' value.
		 * @param series the series' name
		 * @return its value
		 * @throws IllegalArgumentException if the chart has no such series
		 */
		public Value value(String series) {
			for (Value value : this.values) {
				if (value.series().equals(series)) {
					return value;
				}
			}
			throw new IllegalArgumentException("No series '" + series + "'");
		}

		/**
		 * @return the parts of its stacked bar, bottom first, those with an amount only
		 */
		public List<Value> bars() {
			return this.values.stream().filter((value) -> value.bar() && value.amount().signum() > 0).toList();
		}

		/** @return the day's revenue (the profitability chart) */
		public BigDecimal revenue() {
			return value(REVENUE).amount();
		}

		/** @return the day's vendor cost */
		public BigDecimal cost() {
			return value(COST).amount();
		}

		/** @return the revenue's height */
		public String revenueY() {
			return value(REVENUE).y();
		}

		/** @return the cost's height */
		public String costY() {
			return value(COST).y();
		}

	}

	/**
	 * A series' amount on a day and where it is drawn.
	 *
	 * @param series the series' name
	 * @param bar whether it is a part of the day's bar (else a point of a line)
	 * @param amount the amount
	 * @param y a point's height, or a bar part's top
	 * @param barHeight a bar part's height, {@code 0.0} for a point
	 */
	public record Value(String series, boolean bar, BigDecimal amount, String y, String barHeight) {
	}

	/**
	 * The profitability chart: revenue (usage and subscription fees) and vendor cost per day, two
	 * lines, in cents.
	 * @param series the days, in order
	 * @return the chart
	 */
	public static DailyChart of(List<DailyProfitability> series) {
		List<LocalDate> dates = new ArrayList<>();
		List<Map<String, BigDecimal>> amounts = new ArrayList<>();
		for (DailyProfitability day : series) {
			dates.add(day.day());
			Map<String, BigDecimal> values = new LinkedHashMap<>();
			values.put(REVENUE, cents(day.line().totalRevenue()));
			values.put(COST, cents(day.line().cost()));
			amounts.add(values);
		}
		return draw(dates, amounts, List.of());
	}

	/**
	 * A spend chart: each day's fee as a bar stacked by the value that paid it ({@link #SPEND_PARTS}),
	 * and, for the operator, the vendor cost as a line.
	 * @param series the days, in order
	 * @param rate what one unit of the fees' asset is worth in the unit drawn: the asset's rate to
	 * the base currency to draw the fees beside the vendor cost, one to draw them in their asset
	 * @param withCost whether to draw the vendor cost (never for the customer)
	 * @return the chart
	 */
	public static DailyChart spend(List<DailySpend> series, BigDecimal rate, boolean withCost) {
		List<LocalDate> dates = new ArrayList<>();
		List<Map<String, BigDecimal>> amounts = new ArrayList<>();
		for (DailySpend day : series) {
			dates.add(day.day());
			SpendLine line = day.line();
			Map<String, BigDecimal> values = new LinkedHashMap<>();
			values.put("paid", line.paid().multiply(rate));
			values.put("promotional", line.promotional().multiply(rate));
			values.put("bundled", line.bundled().multiply(rate));
			values.put("unfunded", line.unfunded().multiply(rate));
			if (withCost) {
				values.put(COST, line.cost());
			}
			amounts.add(values);
		}
		return draw(dates, amounts, SPEND_PARTS);
	}

	/**
	 * Places each day's amounts: those of the {@code barParts} series stack up into the day's
	 * bar, the others are points of lines.
	 */
	private static DailyChart draw(List<LocalDate> dates, List<Map<String, BigDecimal>> amounts,
			List<String> barParts) {
		BigDecimal max = BigDecimal.ZERO;
		for (Map<String, BigDecimal> day : amounts) {
			BigDecimal stack = BigDecimal.ZERO;
			for (Map.Entry<String, BigDecimal> value : day.entrySet()) {
				BigDecimal amount = value.getValue().max(BigDecimal.ZERO);
				if (barParts.contains(value.getKey())) {
					stack = stack.add(amount);
				}
				else {
					max = max.max(amount);
				}
			}
			max = max.max(stack);
		}
		BigDecimal scale = (max.signum() > 0) ? max : BigDecimal.ONE;
		int count = dates.size();
		double slot = (count > 1) ? (double) (RIGHT - LEFT) / (count - 1) : RIGHT - LEFT;
		double barWidth = Math.min(slot * 0.7, MAX_BAR_WIDTH);
		Map<String, StringBuilder> points = new LinkedHashMap<>();
		List<Day> days = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			double x = (count == 1) ? (LEFT + RIGHT) / 2.0 : LEFT + (double) (RIGHT - LEFT) * i / (count - 1);
			List<Value> values = new ArrayList<>();
			BigDecimal stack = BigDecimal.ZERO;
			for (Map.Entry<String, BigDecimal> value : amounts.get(i).entrySet()) {
				String series = value.getKey();
				BigDecimal amount = value.getValue();
				if (barParts.contains(series)) {
					double base = y(stack, scale);
					stack = stack.add(amount.max(BigDecimal.ZERO));
					double top = y(stack, scale);
					values.add(new Value(series, true, amount, number(top), number(base - top)));
				}
				else {
					String y = number(y(amount.max(BigDecimal.ZERO), scale));
					values.add(new Value(series, false, amount, y, number(0)));
					StringBuilder line = points.computeIfAbsent(series, (name) -> new StringBuilder());
					line.append(line.isEmpty() ? "" : " ").append(number(x)).append(',').append(y);
				}
			}
			days.add(new Day(dates.get(i), number(x), number(x - barWidth / 2), List.copyOf(values)));
		}
		List<Line> lines = new ArrayList<>();
		points.forEach((series, line) -> lines.add(new Line(series, line.toString())));
		return new DailyChart(WIDTH, HEIGHT, TOP, BOTTOM, LEFT, RIGHT, max, number(barWidth), List.copyOf(lines),
				List.copyOf(days));
	}

	/**
	 * One line's points.
	 * @param series the line's name
	 * @return its points, {@code x,y} pairs, empty when the chart has no such line
	 */
	public String points(String series) {
		return this.lines.stream().filter((line) -> line.name().equals(series)).map(Line::points).findFirst()
			.orElse("");
	}

	/** @return the revenue line's points (the profitability chart) */
	public String revenuePoints() {
		return points(REVENUE);
	}

	/** @return the vendor cost line's points */
	public String costPoints() {
		return points(COST);
	}

	private static double y(BigDecimal amount, BigDecimal scale) {
		return BOTTOM - (BOTTOM - TOP) * amount.divide(scale, 6, RoundingMode.HALF_EVEN).doubleValue();
	}

	private static BigDecimal cents(BigDecimal amount) {
		return amount.setScale(2, RoundingMode.HALF_EVEN);
	}

	private static String number(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

}
