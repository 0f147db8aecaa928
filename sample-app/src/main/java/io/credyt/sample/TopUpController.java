package io.credyt.sample;

import java.math.BigDecimal;
import java.security.Principal;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.credyt.InvalidRequestException;
import io.credyt.money.Money;

/**
 * The page Credyt sends a browser to when the wallet cannot pay ({@code credyt.web.top-up-url}):
 * it says that nothing was charged and what the image would have cost, and its "Top up" button
 * opens the billing portal, where the customer adds funds.
 */
@Controller
class TopUpController {

	/** Larger amounts in a top-up link are not a price this app ever charged. */
	private static final BigDecimal MAX_SHOWN = new BigDecimal("1000000");

	private final ImagePrices prices;

	TopUpController(ImagePrices prices) {
		this.prices = prices;
	}

	/**
	 * Where Credyt redirects a browser whose wallet could not pay.
	 * @param product the product that was refused
	 * @param required what it would have cost
	 * @param user the signed-in user
	 * @param model the model
	 * @return the view
	 */
	@GetMapping("/top-up")
	String topUp(@RequestParam(required = false) @Nullable String product,
			@RequestParam(required = false) @Nullable String required, Principal user, Model model) {
		if (ImagePrices.PRODUCT.equals(product) && required != null) {
			try {
				BigDecimal amount = Money.parse(required, "required");
				if (amount.signum() > 0 && amount.compareTo(MAX_SHOWN) < 0) {
					model.addAttribute("required", this.prices.format(amount));
				}
			}
			catch (InvalidRequestException ex) {
				// a hand-edited link: the page reads fine without the amount
			}
		}
		model.addAttribute("standardPrice", this.prices.price(user.getName(), false));
		model.addAttribute("hdPrice", this.prices.price(user.getName(), true));
		return "top-up";
	}

}
