package io.credyt.sample;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

import io.credyt.ledger.Balance;
import io.credyt.ledger.InsufficientBalanceException;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.money.Asset;
import io.credyt.money.Money;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The home page: the demo customer's balance and a button that "generates" an image and bills it.
 */
@Controller
class ImageController {

	private static final String PRODUCT = "image";

	private static final String CURRENCY = "USD";

	private final Ledger ledger;

	ImageController(Ledger ledger) {
		this.ledger = ledger;
	}

	@GetMapping("/")
	String home(Model model) {
		Balance balance = this.ledger.balance(DemoCustomer.ID);
		model.addAttribute("customer", DemoCustomer.ID);
		model.addAttribute("balance", usd().format(balance.available(CURRENCY), Money.BALANCE_DISPLAY));
		model.addAttribute("freeImages", plain(balance.entitled(PRODUCT)));
		model.addAttribute("standardPrice", price("standard"));
		model.addAttribute("hdPrice", price("hd"));
		return "home";
	}

	@PostMapping("/generate")
	String generate(@RequestParam(defaultValue = "false") boolean hd, RedirectAttributes redirect) {
		UsageEvent event = new UsageEvent(UUID.randomUUID().toString(), DemoCustomer.ID, PRODUCT, BigDecimal.ONE,
				Map.of("quality", hd ? "hd" : "standard"), null);
		String image = hd ? "an HD image" : "a standard image";
		try {
			UsageRecord usage = this.ledger.record(event);
			redirect.addFlashAttribute("message", "Generated " + image + ": " + paidWith(usage) + ".");
		}
		catch (InsufficientBalanceException ex) {
			redirect.addFlashAttribute("problem", "Not enough balance for " + image + " ("
					+ usd().format(ex.required(), Money.PRICE_DISPLAY) + "). Nothing was charged.");
		}
		return "redirect:/";
	}

	private String paidWith(UsageRecord usage) {
		if (usage.fee().signum() == 0) {
			return "used a free image";
		}
		return "charged " + usd().format(usage.fee(), Money.PRICE_DISPLAY);
	}

	private String price(String quality) {
		BigDecimal fee = this.ledger.catalog().quote(PRODUCT, Map.of("quality", quality), BigDecimal.ONE).fee();
		return usd().format(fee, Money.PRICE_DISPLAY);
	}

	private Asset usd() {
		return this.ledger.catalog().asset(CURRENCY);
	}

	private static String plain(BigDecimal units) {
		return units.stripTrailingZeros().toPlainString();
	}

}
