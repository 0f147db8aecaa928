package io.credyt.autoconfigure.admin;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.UsageEvent;

import static io.credyt.autoconfigure.admin.AdminContexts.mvc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Only billing administrators see the dashboard: everyone else is refused by the security filter
 * chain, and again by the dashboard itself, before any customer's data is read.
 */
class AdminSecurityTests {

	private static final List<String> PAGES = List.of("/billing/admin", "/billing/admin/customers/alice",
			"/billing/admin/charges", "/billing/admin/top-ups", "/billing/admin?q=ali&sort=available&dir=asc&page=x");

	@AfterEach
	void signOut() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void aSignedInUserWithoutTheRoleIsRefusedEveryPageAndSeesNoCustomerData() {
		AdminContexts.runner().run((context) -> {
			billAlice(context);
			for (String page : PAGES) {
				MvcResult result = mvc(context).perform(get(page).with(user("mallory").roles("USER")))
					.andExpect(status().isForbidden())
					.andReturn();
				assertThat(result.getResponse().getContentAsString()).doesNotContain("alice").doesNotContain("$");
			}
		});
	}

	@Test
	void anAnonymousVisitorIsSentToSignInByTheApplicationsChain() {
		AdminContexts.runner().run((context) -> {
			billAlice(context);
			for (String page : PAGES) {
				MvcResult result = mvc(context).perform(get(page))
					.andExpect(status().isFound())
					.andExpect(redirectedUrl("/login"))
					.andReturn();
				assertThat(result.getResponse().getContentAsString()).doesNotContain("alice");
			}
		});
	}

	@Test
	void aChainThatPermitsEveryRequestStillKeepsTheDashboardForTheRole() {
		AdminContexts.withoutSecurityChain().withUserConfiguration(PermitAllApplication.class).run((context) -> {
			billAlice(context);
			MockMvc mvc = mvc(context);
			mvc.perform(get("/billing/admin").with(user("mallory").roles("USER"))).andExpect(status().isForbidden());
			mvc.perform(get("/billing/admin/customers/alice")).andExpect(status().isForbidden());
			mvc.perform(get("/billing/admin").with(user("operator").roles("BILLING_ADMIN")))
				.andExpect(status().isOk());
		});
	}

	@Test
	void aChainWithoutAuthorizationRulesOfItsOwnStillServesItsOtherPages() {
		AdminContexts.withoutSecurityChain()
			.withUserConfiguration(BasicAuthOnlyApplication.class, Hello.class)
			.run((context) -> {
				MockMvc mvc = mvc(context);
				mvc.perform(get("/hello")).andExpect(status().isOk());
				mvc.perform(get("/billing/admin")).andExpect(status().isUnauthorized());
				mvc.perform(get("/billing/admin").with(user("mallory").roles("USER")))
					.andExpect(status().isForbidden());
				mvc.perform(get("/billing/admin").with(user("operator").roles("BILLING_ADMIN")))
					.andExpect(status().isOk());
			});
	}

	@Test
	void theDashboardRefusesUsersWithoutTheRoleEvenWhenNoFilterChainRuns() {
		AdminContexts.runner().run((context) -> {
			billAlice(context);
			MockMvc withoutFilters = MockMvcBuilders.webAppContextSetup(context).build();
			for (String page : PAGES) {
				SecurityContextHolder.clearContext();
				assertRefusedByTheDashboard(withoutFilters, page);
				signIn("mallory", "ROLE_USER");
				assertRefusedByTheDashboard(withoutFilters, page);
			}
			signIn("operator", "ROLE_BILLING_ADMIN");
			withoutFilters.perform(get("/billing/admin/customers/alice")).andExpect(status().isOk());
		});
	}

	@Test
	void aRoleAboveTheRoleInTheHierarchyCounts() {
		AdminContexts.runner().withUserConfiguration(Hierarchy.class).run((context) -> {
			MockMvc mvc = mvc(context);
			mvc.perform(get("/billing/admin").with(user("boss").roles("ADMIN"))).andExpect(status().isOk());
			mvc.perform(get("/billing/admin").with(user("mallory").roles("USER"))).andExpect(status().isForbidden());
		});
	}

	@Test
	void thePathAndTheRoleAreSettings() {
		AdminContexts.runner()
			.withPropertyValues("credyt.admin.path=/ops/billing", "credyt.admin.role=OPERATOR")
			.run((context) -> {
				billAlice(context);
				MockMvc mvc = mvc(context);
				String page = mvc.perform(get("/ops/billing").with(user("olivia").roles("OPERATOR")))
					.andExpect(status().isOk())
					.andReturn()
					.getResponse()
					.getContentAsString();
				assertThat(AdminContexts.element(page, "customers")).contains("href=\"/ops/billing/customers/alice\"");
				mvc.perform(get("/ops/billing/customers/alice").with(user("olivia").roles("OPERATOR")))
					.andExpect(status().isOk());
				mvc.perform(get("/ops/billing/customers/alice").with(user("operator").roles("BILLING_ADMIN")))
					.andExpect(status().isForbidden());
				mvc.perform(get("/billing/admin").with(user("olivia").roles("OPERATOR")))
					.andExpect(status().isNotFound());
			});
	}

	@Test
	void theApplicationsOwnAccessRuleReplacesTheRoleEverywhere() {
		AdminContexts.runner().withUserConfiguration(RootOnly.class).run((context) -> {
			MockMvc mvc = mvc(context);
			mvc.perform(get("/billing/admin").with(user("root").roles("USER"))).andExpect(status().isOk());
			mvc.perform(get("/billing/admin").with(user("operator").roles("BILLING_ADMIN")))
				.andExpect(status().isForbidden());
			signIn("operator", "ROLE_BILLING_ADMIN");
			MockMvcBuilders.webAppContextSetup(context)
				.build()
				.perform(get("/billing/admin"))
				.andExpect(status().isForbidden());
		});
	}

	private static void assertRefusedByTheDashboard(MockMvc mvc, String page) throws Exception {
		String body = mvc.perform(get(page))
			.andExpect(status().isForbidden())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(AdminContexts.element(body, "problem")).contains("Access denied");
		assertThat(body).doesNotContain("alice").doesNotContain("$").doesNotContain("nav-customers");
	}

	private static void billAlice(AssertableWebApplicationContext context) {
		Ledger ledger = context.getBean(Ledger.class);
		ledger.grant("alice", GrantRequest.paid("USD", "10.00"));
		ledger.record(UsageEvent.of("alice-1", "alice", "image", 1));
	}

	private static void signIn(String name, String authority) {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(name, "secret",
					AuthorityUtils.createAuthorityList(authority)));
	}

	@Configuration(proxyBeanMethods = false)
	static class PermitAllApplication {

		@Bean
		SecurityFilterChain applicationChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BasicAuthOnlyApplication {

		@Bean
		SecurityFilterChain applicationChain(HttpSecurity http) throws Exception {
			http.httpBasic(Customizer.withDefaults());
			return http.build();
		}

	}

	@RestController
	static class Hello {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Hierarchy {

		@Bean
		RoleHierarchy roleHierarchy() {
			return RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_BILLING_ADMIN");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RootOnly {

		@Bean
		AdminAccess rootOnly() {
			return (request) -> request.getUserPrincipal() != null && "root".equals(request.getUserPrincipal().getName());
		}

	}

}
