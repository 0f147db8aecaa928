package io.credyt.autoconfigure.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

import io.credyt.InvalidRequestException;
import io.credyt.autoconfigure.admin.CredytAdminController.ActionNotProtectedException;
import io.credyt.autoconfigure.admin.CredytAdminController.AdminAccessDeniedException;
import io.credyt.autoconfigure.admin.CredytAdminController.NotFoundException;
import io.credyt.webhook.JdbcWebhookDestinations;
import io.credyt.webhook.JdbcWebhookDestinations.DeliveryCounts;
import io.credyt.webhook.JdbcWebhookDestinations.StoredDestination;
import io.credyt.webhook.WebhookDestination;
import io.credyt.webhook.WebhookOutbox;
import io.credyt.webhook.WebhookTopic;

/**
 * The dashboard's webhooks page: every destination with what was delivered to it, the latest
 * deliveries, and the operator's actions on a destination (disable, enable, rotate its secret),
 * each confirmed on a page of its own first and posted with Spring Security's CSRF token. It
 * shares the dashboard's frame, access check and error pages with {@link CredytAdminController};
 * a secret is shown in full only once, on the page that answers its rotation.
 */
@Controller
@RequestMapping("${" + CredytAdminController.PATH_PROPERTY + ":" + CredytAdminProperties.DEFAULT_PATH + "}/webhooks")
public class CredytWebhooksAdminController {

	private static final Log logger = LogFactory.getLog(CredytWebhooksAdminController.class);

	/** How many deliveries the page lists. */
	static final int RECENT_DELIVERIES = 50;

	private static final int MAX_REASON_LENGTH = 1024;

	private static final String VIEWS = "credyt/admin/";

	private final CredytAdminController dashboard;

	private final JdbcWebhookDestinations destinations;

	private final ObjectProvider<WebhookOutbox> outbox;

	private final AdminAccess access;

	private final String path;

	/**
	 * Creates the page.
	 * @param dashboard the dashboard, whose frame and error pages this page shares
	 * @param destinations the destinations
	 * @param outbox the outbox, told to read the destinations again after a change
	 * @param access who may see the dashboard
	 * @param properties the dashboard's path (already validated)
	 */
	public CredytWebhooksAdminController(CredytAdminController dashboard, JdbcWebhookDestinations destinations,
			ObjectProvider<WebhookOutbox> outbox, AdminAccess access, CredytAdminProperties properties) {
		this.dashboard = dashboard;
		this.destinations = destinations;
		this.outbox = outbox;
		this.access = access;
		this.path = properties.getPath() + "/webhooks";
	}

	/** Runs before every handler, before its arguments are read: the access check and the frame. */
	@ModelAttribute
	void frame(HttpServletRequest request, HttpServletResponse response, Model model) {
		requireAccess(request);
		response.setHeader("Cache-Control", "no-store");
		model.addAllAttributes(this.dashboard.frameAttributes());
		model.addAttribute("section", "webhooks");
	}

	@GetMapping
	String webhooks(@RequestParam(name = "destination", required = false) @Nullable String destination,
			Model model) {
		String only = (destination != null && !destination.isBlank()) ? destination : null;
		Map<String, DeliveryCounts> counts = this.destinations.deliveryCounts();
		List<DestinationRow> rows = new ArrayList<>();
		for (StoredDestination stored : this.destinations.all()) {
			rows.add(DestinationRow.of(stored, counts.getOrDefault(stored.destination().name(), DeliveryCounts.NONE),
					this.path));
		}
		if (only != null && rows.stream().noneMatch((row) -> row.name().equals(only))) {
			throw new NotFoundException("No webhook destination '" + only + "'");
		}
		model.addAttribute("destinations", rows);
		model.addAttribute("destination", only);
		model.addAttribute("deliveries", this.destinations.recentDeliveries(only, RECENT_DELIVERIES));
		return VIEWS + "webhooks";
	}

	@GetMapping("/{name}/{action:disable|enable|rotate-secret}")
	String confirm(@PathVariable("name") String name, @PathVariable("action") String action, Model model) {
		DestinationRow destination = DestinationRow.of(stored(name), DeliveryCounts.NONE, this.path);
		model.addAttribute("target", destination);
		model.addAttribute("action", action);
		model.addAttribute("actionUrl", destination.url(action));
		model.addAttribute("title", switch (action) {
			case "disable" -> "Disable a webhook destination";
			case "enable" -> "Enable a webhook destination";
			default -> "Rotate a webhook secret";
		});
		return VIEWS + "webhook-confirm";
	}

	@PostMapping("/{name}/disable")
	String disable(@PathVariable("name") String name, @RequestParam("reason") String reason, HttpServletRequest request,
			RedirectAttributes redirect) {
		String operator = operator(request);
		String why = reason.trim();
		if (why.isEmpty() || why.length() > MAX_REASON_LENGTH) {
			throw new InvalidRequestException("reason", "say why, in at most " + MAX_REASON_LENGTH + " characters");
		}
		this.destinations.disable(stored(name).destination().name(), why);
		changed(operator, "disabled", name);
		redirect.addFlashAttribute("notice", "Disabled " + name + ": no deliveries are written or sent for it.");
		return "redirect:" + this.path;
	}

	@PostMapping("/{name}/enable")
	String enable(@PathVariable("name") String name, HttpServletRequest request, RedirectAttributes redirect) {
		String operator = operator(request);
		this.destinations.enable(stored(name).destination().name());
		changed(operator, "enabled", name);
		redirect.addFlashAttribute("notice", "Enabled " + name + ": its pending deliveries are sent again.");
		return "redirect:" + this.path;
	}

	/** Answers with the new secret, the one time it is shown in full; the page is not cached. */
	@PostMapping("/{name}/rotate-secret")
	String rotateSecret(@PathVariable("name") String name, HttpServletRequest request, Model model) {
		String operator = operator(request);
		String secret = this.destinations.rotateSecret(stored(name).destination().name());
		changed(operator, "rotated the secret of", name);
		model.addAttribute("name", name);
		model.addAttribute("secret", secret);
		return VIEWS + "webhook-secret";
	}

	/**
	 * Adds a destination with a new secret, shown in full once on the page that answers. A name in
	 * use is refused: an existing destination is changed in configuration, disabled or rotated here.
	 */
	@PostMapping("/destinations")
	String create(@RequestParam("name") String name, @RequestParam("url") String url,
			@RequestParam(name = "topics", defaultValue = "*") String topics, HttpServletRequest request, Model model) {
		String operator = operator(request);
		WebhookDestination destination = WebhookDestination.of(name.trim(), url.trim(),
				java.util.Arrays.stream(topics.split("[,\\s]+")).filter((topic) -> !topic.isBlank()).toList(), null);
		if (this.destinations.find(destination.name()).isPresent()) {
			throw new InvalidRequestException("name", "a destination '" + destination.name() + "' exists already");
		}
		this.destinations.declare(destination);
		changed(operator, "created", destination.name());
		model.addAttribute("name", destination.name());
		model.addAttribute("secret", destination.secret());
		model.addAttribute("created", true);
		return VIEWS + "webhook-secret";
	}

	private StoredDestination stored(String name) {
		return this.destinations.find(name)
			.orElseThrow(() -> new NotFoundException("No webhook destination '" + name + "'"));
	}

	private void changed(String operator, String what, String name) {
		WebhookOutbox outbox = this.outbox.getIfAvailable();
		if (outbox != null) {
			outbox.refresh();
		}
		logger.info(operator + " " + what + " the webhook destination " + name);
	}

	/** The signed-in operator; refused without Spring Security's CSRF token. */
	private static String operator(HttpServletRequest request) {
		if (request.getAttribute(CredytAdminController.CSRF_TOKEN) == null) {
			throw new ActionNotProtectedException();
		}
		Principal principal = request.getUserPrincipal();
		if (principal == null) {
			throw new AdminAccessDeniedException();
		}
		return principal.getName();
	}

	private void requireAccess(HttpServletRequest request) {
		if (!this.access.permits(request)) {
			throw new AdminAccessDeniedException();
		}
	}

	@ExceptionHandler(AdminAccessDeniedException.class)
	ModelAndView forbidden() {
		return this.dashboard.forbidden();
	}

	@ExceptionHandler(NotFoundException.class)
	ModelAndView notFound(NotFoundException ex, HttpServletRequest request) {
		return this.access.permits(request) ? this.dashboard.notFound(ex) : this.dashboard.forbidden();
	}

	@ExceptionHandler(InvalidRequestException.class)
	ModelAndView badRequest(InvalidRequestException ex, HttpServletRequest request) {
		return this.dashboard.badRequest(ex, request);
	}

	@ExceptionHandler(ActionNotProtectedException.class)
	ModelAndView unprotected(ActionNotProtectedException ex) {
		return this.dashboard.unprotected(ex);
	}

	/**
	 * A secret as the page shows it: the prefix and the last four characters.
	 * @param secret the secret
	 * @return what may be shown of it
	 */
	static String mask(String secret) {
		String tail = (secret.length() > WebhookDestination.SECRET_PREFIX.length() + 4)
				? secret.substring(secret.length() - 4) : "";
		return WebhookDestination.SECRET_PREFIX + "…" + tail;
	}

	/**
	 * A destination as the page lists it, its secret masked.
	 *
	 * @param name the name
	 * @param url where it is sent
	 * @param topics the topics' wire names, sorted
	 * @param secret the masked secret
	 * @param enabled whether it gets events
	 * @param disabledReason why not, or {@code null}
	 * @param failingSince since when its deliveries fail, or {@code null}
	 * @param counts its deliveries by state
	 * @param basePath the webhooks page's path
	 */
	public record DestinationRow(String name, String url, String topics, String secret, boolean enabled,
			@Nullable String disabledReason, @Nullable Instant failingSince, DeliveryCounts counts, String basePath) {

		static DestinationRow of(StoredDestination stored, DeliveryCounts counts, String basePath) {
			WebhookDestination destination = stored.destination();
			return new DestinationRow(destination.name(), destination.url().toString(),
					String.join(", ", destination.topics().stream().map(WebhookTopic::wireName).sorted().toList()),
					mask(destination.secret()), destination.enabled(), stored.disabledReason(), stored.failingSince(),
					counts, basePath);
		}

		/**
		 * The path of an action on this destination.
		 * @param action {@code disable}, {@code enable} or {@code rotate-secret}
		 * @return its path
		 */
		public String url(String action) {
			return this.basePath + "/" + UriUtils.encodePathSegment(this.name, StandardCharsets.UTF_8) + "/" + action;
		}

		/**
		 * The webhooks page showing only this destination's deliveries.
		 * @return its path
		 */
		public String deliveriesUrl() {
			return this.basePath + "?destination=" + URLEncoder.encode(this.name, StandardCharsets.UTF_8);
		}

	}

}
