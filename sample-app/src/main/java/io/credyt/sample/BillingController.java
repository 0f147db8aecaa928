package io.credyt.sample;

import java.math.BigDecimal;
import java.security.Principal;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.credyt.ledger.Ledger;
import io.credyt.ledger.PageRequest;
import io.credyt.ledger.UsageRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The billing page behind "Manage billing" ({@code credyt.web.manage-billing-url}) and the
 * top-up page Credyt sends a browser to when the wallet cannot pay
 * ({@code credyt.web.top-up-url}). Until the customer portal arrives, both show the balance and
 * the latest usage and explain how money comes in.
 */
@Controller
class BillingController {

	private static final int RECENT_USAGE = 20;

	/** Larger amounts in a top-up link are not a price this app ever charged. */
	private static final BigDecimal MAX_SHOWN = new BigDecimal("1000000");

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final Ledger ledger;

	private final ImagePrices prices;

	BillingController(Ledger ledger, ImagePrices prices) {
		this.ledger = ledger;
		this.prices = prices;
	}

	@GetMapping("/billing")
	String billing(Principal user, Model model) {
		List<UsageLine> usage = this.ledger.usage(user.getName(), PageRequest.of(0, RECENT_USAGE))
			.items()
			.stream()
			.map(this::line)
			.toList();
		model.addAttribute("usage", usage);
		model.addAttribute("standardPrice", this.prices.price(false));
		model.addAttribute("hdPrice", this.prices.price(true));
		return "billing";
	}

	/**
	 * Where Credyt redirects a browser whose wallet could not pay.
	 * @param product the product that was refused
	 * @param required what it would have cost
	 */
	@GetMapping("/top-up")
	String topUp(@RequestParam(required = false) @Nullable String product,
			@RequestParam(required = false) @Nullable String required, Model model) {
		if (ImagePrices.PRODUCT.equals(product) && required != null) {
			try {
				BigDecimal amount = new BigDecimal(required);
				if (amount.signum() > 0 && amount.compareTo(MAX_SHOWN) < 0) {
					model.addAttribute("required", this.prices.format(amount));
				}
			}
			catch (NumberFormatException ex) {
				// a hand-edited link: the page reads fine without the amount
			}
		}
		model.addAttribute("standardPrice", this.prices.price(false));
		model.addAttribute("hdPrice", this.prices.price(true));
		return "top-up";
	}

	private UsageLine line(UsageRecord usage) {
		String quality = "hd".equals(usage.dimensions().get("quality")) ? "HD" : "Standard";
		String paid = (usage.fee().signum() == 0) ? "free image" : this.prices.format(usage.fee());
		return new UsageLine(WHEN.format(usage.occurredAt()), quality, paid);
	}

	/**
	 * One usage line on the billing page.
	 *
	 * @param when when the image was generated
	 * @param quality "Standard" or "HD"
	 * @param paid "free image" or the fee
	 */
	record UsageLine(String when, String quality, String paid) {
	}

}
