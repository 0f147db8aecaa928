package io.credyt.autoconfigure.admin;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

import io.credyt.InvalidRequestException;
import io.credyt.autoconfigure.admin.CredytAdminController.AdminAccessDeniedException;
import io.credyt.ledger.Page;
import io.credyt.ledger.PageRequest;
import io.credyt.report.BillingReports;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.SubscriptionStatus;
import io.credyt.subscription.SubscriptionSummary;
import io.credyt.subscription.Subscriptions;

/**
 * The dashboard's subscriptions page: how many subscriptions are active, cancelling (active,
 * ending at the period's end), past due and canceled, the monthly recurring revenue per currency,
 * and every subscription a page at a time, most recently changed first, filtered by where it
 * stands. It shares the dashboard's frame, access check and error pages with
 * {@link CredytAdminController}; it only reads.
 */
@Controller
@RequestMapping("${" + CredytAdminController.PATH_PROPERTY + ":" + CredytAdminProperties.DEFAULT_PATH
		+ "}/subscriptions")
public class CredytSubscriptionsAdminController {

	private static final String VIEWS = "credyt/admin/";

	private final CredytAdminController dashboard;

	private final Subscriptions subscriptions;

	private final BillingReports reports;

	private final AdminAccess access;

	private final String path;

	private final int pageSize;

	/**
	 * Creates the page.
	 * @param dashboard the dashboard, whose frame and error pages this page shares
	 * @param subscriptions the subscriptions
	 * @param reports the reports, for the subscriptions that are cancelling
	 * @param access who may see the dashboard
	 * @param properties the dashboard's path and page size (already validated)
	 */
	public CredytSubscriptionsAdminController(CredytAdminController dashboard, Subscriptions subscriptions,
			BillingReports reports, AdminAccess access, CredytAdminProperties properties) {
		this.dashboard = dashboard;
		this.subscriptions = subscriptions;
		this.reports = reports;
		this.access = access;
		this.path = properties.getPath() + "/subscriptions";
		this.pageSize = properties.getPageSize();
	}

	/** Runs before every handler, before its arguments are read: the access check and the frame. */
	@ModelAttribute
	void frame(HttpServletRequest request, HttpServletResponse response, Model model) {
		if (!this.access.permits(request)) {
			throw new AdminAccessDeniedException();
		}
		response.setHeader("Cache-Control", "no-store");
		model.addAllAttributes(this.dashboard.frameAttributes());
		model.addAttribute("section", "subscriptions");
	}

	@GetMapping
	String subscriptions(@RequestParam(name = "status", required = false) @Nullable String status,
			@RequestParam(name = "page", defaultValue = "1") int page, Model model) {
		Filter filter = Filter.of(status);
		if (page < 1) {
			throw new InvalidRequestException("page", "pages are numbered from 1, was " + page);
		}
		PageRequest request = PageRequest.of(page - 1, this.pageSize);
		SubscriptionSummary summary = this.subscriptions.summary();
		Page<Subscription> cancelling = this.reports.cancellingSubscriptions((filter == Filter.CANCELLING) ? request
				: PageRequest.of(0, 1));
		Page<Subscription> listed = (filter == Filter.CANCELLING) ? cancelling
				: this.subscriptions.subscriptions(filter.status, request);
		model.addAttribute("summary", summary);
		model.addAttribute("activeCount", summary.count(SubscriptionStatus.ACTIVE));
		model.addAttribute("cancellingCount", cancelling.total());
		model.addAttribute("pastDueCount", summary.count(SubscriptionStatus.PAST_DUE));
		model.addAttribute("canceledCount", summary.count(SubscriptionStatus.CANCELED));
		model.addAttribute("subscriptions", listed);
		model.addAttribute("filters", Filter.values());
		model.addAttribute("filter", filter);
		model.addAttribute("pager", Pager.of(listed, (number) -> url(filter, number)));
		return VIEWS + "subscriptions";
	}

	/**
	 * The page's link for a filter and a page number.
	 * @param filter the filter
	 * @param page the page number, from 1
	 * @return the link, relative to the context path
	 */
	String url(Filter filter, int page) {
		Map<String, String> params = new LinkedHashMap<>();
		if (filter != Filter.ALL) {
			params.put("status", filter.parameter());
		}
		if (page > 1) {
			params.put("page", Integer.toString(page));
		}
		StringBuilder url = new StringBuilder(this.path);
		params.forEach((name, value) -> url.append((url.length() == this.path.length()) ? '?' : '&')
			.append(name)
			.append('=')
			.append(value));
		return url.toString();
	}

	@ExceptionHandler(AdminAccessDeniedException.class)
	ModelAndView forbidden() {
		return this.dashboard.forbidden();
	}

	@ExceptionHandler({ InvalidRequestException.class, MethodArgumentTypeMismatchException.class })
	ModelAndView badRequest(Exception ex, HttpServletRequest request) {
		return this.dashboard.badRequest(ex, request);
	}

	/** Which subscriptions the page lists: all, or those in one state. */
	public enum Filter {

		ALL(null, "All"),

		ACTIVE(SubscriptionStatus.ACTIVE, "Active"),

		/** Active, ending at the period's end: not a status of its own. */
		CANCELLING(SubscriptionStatus.ACTIVE, "Cancelling"),

		PAST_DUE(SubscriptionStatus.PAST_DUE, "Past due"),

		INCOMPLETE(SubscriptionStatus.INCOMPLETE, "Incomplete"),

		CANCELED(SubscriptionStatus.CANCELED, "Canceled");

		private final @Nullable SubscriptionStatus status;

		private final String label;

		Filter(@Nullable SubscriptionStatus status, String label) {
			this.status = status;
			this.label = label;
		}

		/**
		 * The filter a request names.
		 * @param parameter the {@code status} parameter, or {@code null} for all
		 * @return the filter
		 * @throws InvalidRequestException for a value that names none
		 */
		static Filter of(@Nullable String parameter) {
			if (parameter == null || parameter.isBlank() || parameter.equals("all")) {
				return ALL;
			}
			return Arrays.stream(values())
				.filter((filter) -> filter.parameter().equals(parameter))
				.findFirst()
				.orElseThrow(() -> new InvalidRequestException("status", "must be one of "
						+ Arrays.stream(values()).map(Filter::parameter).toList()));
		}

		/** @return its value of the {@code status} parameter, e.g. {@code past-due} */
		public String parameter() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

		/** @return what the filter is called on the page */
		public String label() {
			return this.label;
		}

	}

}
