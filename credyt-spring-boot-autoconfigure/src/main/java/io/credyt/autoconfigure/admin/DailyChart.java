package io.credyt.autoconfigure.admin;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.credyt.report.DailyProfitability;

/**
 * A line chart of revenue and vendor cost per day, drawn by the page as SVG: every coordinate is
 * computed here, so the template only places them and nothing runs in the browser.
 *
 * @param width the drawing's width
 * @param height the drawing's height
 * @param top the top of the plot (the largest amount's height)
 * @param bottom the bottom of the plot (zero)
 * @param left the plot's left edge
 * @param right the plot's right edge
 * @param max the largest amount of a day, the top of the scale
 * @param revenuePoints the revenue line's points, {@code x,y} pairs
 * @param costPoints the cost line's points
 * @param days each day's amounts and position
 */
public record DailyChart(int width, int height, int top, int bottom, int left, int right, BigDecimal max,
		String revenuePoints, String costPoints, List<Day> days) {

	private static final int WIDTH = 720;

	private static final int HEIGHT = 200;

	private static final int TOP = 12;

	private static final int BOTTOM = 176;

	private static final int LEFT = 56;

	private static final int RIGHT = 712;

	/**
	 * One day of the chart.
	 *
	 * @param day the day (UTC)
	 * @param revenue its revenue, two decimals
	 * @param cost its vendor cost, two decimals
	 * @param x its position
	 * @param revenueY the revenue's height
	 * @param costY the cost's height
	 */
	public record Day(LocalDate day, BigDecimal revenue, BigDecimal cost, String x, String revenueY, String costY) {
	}

	/**
	 * The chart of a series of days.
	 * @param series the days, in order
	 * @return the chart
	 */
	public static DailyChart of(List<DailyProfitability> series) {
		BigDecimal max = BigDecimal.ZERO;
		for (DailyProfitability day : series) {
			max = max.max(cents(day.line().revenue())).max(cents(day.line().cost()));
		}
		BigDecimal scale = (max.signum() > 0) ? max : BigDecimal.ONE;
		List<Day> days = new ArrayList<>();
		StringBuilder revenue = new StringBuilder();
		StringBuilder cost = new StringBuilder();
		int count = series.size();
		for (int i = 0; i < count; i++) {
			DailyProfitability day = series.get(i);
			double x = (count == 1) ? (LEFT + RIGHT) / 2.0 : LEFT + (double) (RIGHT - LEFT) * i / (count - 1);
			BigDecimal dayRevenue = cents(day.line().revenue());
			BigDecimal dayCost = cents(day.line().cost());
			String revenueY = number(y(dayRevenue, scale));
			String costY = number(y(dayCost, scale));
			days.add(new Day(day.day(), dayRevenue, dayCost, number(x), revenueY, costY));
			revenue.append(revenue.isEmpty() ? "" : " ").append(number(x)).append(',').append(revenueY);
			cost.append(cost.isEmpty() ? "" : " ").append(number(x)).append(',').append(costY);
		}
		return new DailyChart(WIDTH, HEIGHT, TOP, BOTTOM, LEFT, RIGHT, max, revenue.toString(), cost.toString(),
				List.copyOf(days));
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
