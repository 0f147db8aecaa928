package io.credyt.autoconfigure.web;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.credyt.annotation.CustomerResolver;
import io.credyt.autoconfigure.portal.PortalLinks;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.Onboarding;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.Subscriptions;

/**
 * Puts the current customer's {@link BalanceView} in every MVC model, under
 * {@code credyt.web.model-attribute} ({@code credyt} by default), so that any template can show
 * {@code ${credyt.balance}}. The customer comes from the {@link CustomerResolver}; a new customer
 * is onboarded first, so they see their free units on their very first page. The balance is read
 * only when the view shows it, so API calls cost nothing. With no customer, the view is a
 * signed-out one. With the billing portal, {@code ${credyt.portalUrl}} is a fresh portal link for
 * the customer, made when the view first asks for it. With plans ({@link Subscriptions}),
 * {@code ${credyt.plan}} is the customer's plan, read when the view first asks for it.
 */
@ControllerAdvice
public class BalanceModel {

	private final Ledger ledger;

	private final ObjectProvider<CustomerResolver> customerResolver;

	private final ObjectProvider<Onboarding> onboarding;

	private final String attributeName;

	private final String displayAsset;

	private final String manageBillingUrl;

	private final @Nullable ObjectProvider<PortalLinks> portalLinks;

	private final @Nullable ObjectProvider<Subscriptions> subscriptions;

	/**
	 * Creates the advice.
	 * @param ledger the ledger
	 * @param customerResolver finds the current customer
	 * @param onboarding prepares a new customer, if any
	 * @param attributeName the model attribute's name
	 * @param displayAsset the asset the balance is shown in
	 * @param manageBillingUrl where "Manage billing" goes
	 */
	public BalanceModel(Ledger ledger, ObjectProvider<CustomerResolver> customerResolver,
			ObjectProvider<Onboarding> onboarding, String attributeName, String displayAsset,
			String manageBillingUrl) {
		this(ledger, customerResolver, onboarding, attributeName, displayAsset, manageBillingUrl, null);
	}

	/**
	 * Creates the advice.
	 * @param ledger the ledger
	 * @param customerResolver finds the current customer
	 * @param onboarding prepares a new customer, if any
	 * @param attributeName the model attribute's name
	 * @param displayAsset the asset the balance is shown in
	 * @param manageBillingUrl where "Manage billing" goes
	 * @param portalLinks makes portal links, when the billing portal is served
	 */
	public BalanceModel(Ledger ledger, ObjectProvider<CustomerResolver> customerResolver,
			ObjectProvider<Onboarding> onboarding, String attributeName, String displayAsset, String manageBillingUrl,
			@Nullable ObjectProvider<PortalLinks> portalLinks) {
		this(ledger, customerResolver, onboarding, attributeName, displayAsset, manageBillingUrl, portalLinks, null);
	}

	/**
	 * Creates the advice.
	 * @param ledger the ledger
	 * @param customerResolver finds the current customer
	 * @param onboarding prepares a new customer, if any
	 * @param attributeName the model attribute's name
	 * @param displayAsset the asset the balance is shown in
	 * @param manageBillingUrl where "Manage billing" goes
	 * @param portalLinks makes portal links, when the billing portal is served
	 * @param subscriptions the customers' subscriptions, when the application has plans
	 */
	public BalanceModel(Ledger ledger, ObjectProvider<CustomerResolver> customerResolver,
			ObjectProvider<Onboarding> onboarding, String attributeName, String displayAsset, String manageBillingUrl,
			@Nullable ObjectProvider<PortalLinks> portalLinks, @Nullable ObjectProvider<Subscriptions> subscriptions) {
		this.ledger = ledger;
		this.customerResolver = customerResolver;
		this.onboarding = onboarding;
		this.attributeName = attributeName;
		this.displayAsset = displayAsset;
		this.manageBillingUrl = manageBillingUrl;
		this.portalLinks = portalLinks;
		this.subscriptions = subscriptions;
	}

	/**
	 * Adds the balance to the model, unless the handler has put something under that name already.
	 * @param model the model
	 */
	@ModelAttribute
	public void addBalance(Model model) {
		if (!model.containsAttribute(this.attributeName)) {
			model.addAttribute(this.attributeName, currentBalance());
		}
	}

	/**
	 * The current customer's balance view.
	 * @return the view, signed out when there is no current customer
	 */
	public BalanceView currentBalance() {
		CustomerResolver resolver = this.customerResolver.getIfAvailable();
		String customer = (resolver != null) ? resolver.currentCustomer() : null;
		if (customer == null || customer.isBlank()) {
			return new BalanceView(null, this.ledger.catalog(), this.displayAsset, this.manageBillingUrl);
		}
		return new BalanceView(customer, () -> {
			Onboarding onboard = this.onboarding.getIfAvailable();
			if (onboard != null) {
				onboard.onboard(customer);
			}
			return this.ledger.balance(customer);
		}, this.ledger.catalog(), this.displayAsset, this.manageBillingUrl, portalLink(customer),
				subscription(customer));
	}

	private @Nullable Supplier<@Nullable Subscription> subscription(String customer) {
		ObjectProvider<Subscriptions> provider = this.subscriptions;
		if (provider == null) {
			return null;
		}
		return () -> {
			Subscriptions service = provider.getIfAvailable();
			return (service != null) ? service.subscription(customer).orElse(null) : null;
		};
	}

	private @Nullable Supplier<@Nullable String> portalLink(String customer) {
		ObjectProvider<PortalLinks> provider = this.portalLinks;
		if (provider == null) {
			return null;
		}
		return () -> {
			PortalLinks links = provider.getIfAvailable();
			return (links != null) ? links.create(customer) : null;
		};
	}

}
