package io.credyt.autoconfigure.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.DispatcherServlet;

import io.credyt.annotation.Billable;
import io.credyt.annotation.CustomerResolver;
import io.credyt.autoconfigure.CredytAutoConfigurations;
import io.credyt.catalog.Catalog;
import io.credyt.ledger.GrantRequest;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.Onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class WebAutoConfigurationTests {

	private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(CredytAutoConfigurations.dataSource())
		.withConfiguration(CredytAutoConfigurations.credyt())
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class, WebMvcAutoConfiguration.class,
				ThymeleafAutoConfiguration.class))
		.withInitializer(CredytAutoConfigurations.catalog())
		.withUserConfiguration(Videos.class, Pages.class);

	@AfterEach
	void signOut() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void everyModelHoldsTheSignedInCustomersBalance() {
		this.runner.run((context) -> {
			context.getBean(Ledger.class).grant("alice", GrantRequest.paid("USD", "4.50"));
			signIn("alice");
			MvcResult result = mvc(context).perform(get("/page")).andExpect(status().isOk()).andReturn();
			BalanceView view = (BalanceView) result.getModelAndView().getModel().get("credyt");
			assertThat(view.isSignedIn()).isTrue();
			assertThat(view.getCustomer()).isEqualTo("alice");
			assertThat(view.getBalance()).isEqualTo("$4.50");
			assertThat(view.freeText("image")).isEqualTo("2 free images");
			assertThat(view.leftText("image")).isEqualTo("20 images left");
			assertThat(view.getManageBillingUrl()).isEqualTo("/billing");
		});
	}

	@Test
	void aTemplateShowsTheBalanceTheUnitsLeftAndTheManageBillingLink() {
		this.runner.run((context) -> {
			context.getBean(Ledger.class).grant("alice", GrantRequest.paid("USD", "4.50"));
			signIn("alice");
			mvc(context).perform(get("/page").accept(MediaType.TEXT_HTML))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("<span class=\"balance\">$4.50</span>")))
				.andExpect(content().string(containsString("<span class=\"left\">20 images left</span>")))
				.andExpect(content().string(containsString("<a class=\"manage\" href=\"/billing\">")));
		});
	}

	@Test
	void aNewCustomerSeesTheirFreeUnitsOnTheirFirstPage() {
		this.runner.run((context) -> {
			signIn("carol");
			mvc(context).perform(get("/page"))
				.andExpect(content().string(containsString("<span class=\"balance\">$0.00</span>")))
				.andExpect(content().string(containsString("<span class=\"free\">2 free images</span>")));
			assertThat(context.getBean(Ledger.class).findCustomer("carol")).isPresent();
		});
	}

	@Test
	void aSignedOutVisitorGetsASignedOutViewAndNothingIsWritten() {
		this.runner.run((context) -> {
			MvcResult result = mvc(context).perform(get("/page"))
				.andExpect(content().string(containsString("Sign in")))
				.andReturn();
			BalanceView view = (BalanceView) result.getModelAndView().getModel().get("credyt");
			assertThat(view.isSignedIn()).isFalse();
			assertThat(view.getBalance()).isEqualTo("$0.00");
		});
	}

	@Test
	void theModelAttributeNameIsASetting() {
		this.runner.withPropertyValues("credyt.web.model-attribute=wallet").run((context) -> {
			signIn("alice");
			MvcResult result = mvc(context).perform(get("/plain")).andExpect(status().isOk()).andReturn();
			assertThat(result.getModelAndView().getModel()).containsKey("wallet").doesNotContainKey("credyt");
		});
	}

	@Test
	void anApiRequestTheBalanceCannotPayForGetsA402ProblemDetail() {
		this.runner.run((context) -> {
			context.getBean(Ledger.class).grant("alice", GrantRequest.paid("USD", "0.10"));
			signIn("alice");
			mvc(context).perform(post("/videos").accept(MediaType.APPLICATION_JSON))
				.andExpect(status().isPaymentRequired())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.type").value("urn:credyt:problem:insufficient-balance"))
				.andExpect(jsonPath("$.title").value("Insufficient balance"))
				.andExpect(jsonPath("$.status").value(402))
				.andExpect(jsonPath("$.detail").value("The balance cannot pay for video: $1.00 required, $0.10 available."))
				.andExpect(jsonPath("$.instance").value("/videos"))
				.andExpect(jsonPath("$.product").value("video"))
				.andExpect(jsonPath("$.asset").value("USD"))
				.andExpect(jsonPath("$.required").value(1))
				.andExpect(jsonPath("$.available").value(0.1));
			assertThat(context.getBean(Videos.class).rendered()).isZero();
		});
	}

	@Test
	void anApplicationsCatchAllExceptionHandlerDoesNotSwallowTheBillingAnswers() {
		this.runner.withUserConfiguration(CatchAll.class).run((context) -> {
			signIn("alice");
			mvc(context).perform(post("/videos").accept(MediaType.APPLICATION_JSON))
				.andExpect(status().isPaymentRequired());
			mvc(context).perform(get("/broken")).andExpect(status().isInternalServerError());
		});
	}

	@Test
	void aClientThatAcceptsAnythingIsAnApiClient() {
		this.runner.run((context) -> {
			signIn("alice");
			mvc(context).perform(post("/videos").header("Accept", "*/*")).andExpect(status().isPaymentRequired());
		});
	}

	@Test
	void aPageRequestTheBalanceCannotPayForIsRedirectedToTheTopUpPage() {
		this.runner.run((context) -> {
			signIn("alice");
			mvc(context).perform(post("/videos").header("Accept", BROWSER_ACCEPT))
				.andExpect(status().isSeeOther())
				.andExpect(header().string("Location", "/billing?product=video&asset=USD&required=1"));
		});
	}

	@Test
	void theRedirectGoesToTheTopUpUrlWithinTheContextPath() {
		this.runner.withPropertyValues("credyt.web.top-up-url=/billing/top-up").run((context) -> {
			signIn("alice");
			mvc(context).perform(post("/app/videos").contextPath("/app").header("Accept", BROWSER_ACCEPT))
				.andExpect(status().isSeeOther())
				.andExpect(header().string("Location", "/app/billing/top-up?product=video&asset=USD&required=1"));
		});
	}

	@Test
	void aBillableCallWithNoCustomerGetsA401ProblemDetail() {
		this.runner.run((context) -> mvc(context).perform(post("/videos").accept(MediaType.APPLICATION_JSON))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("urn:credyt:problem:customer-required"))
			.andExpect(jsonPath("$.title").value("Customer required")));
	}

	@Test
	void aDisplayAssetThatIsNotDeclaredFailsTheStartUp() {
		this.runner.withPropertyValues("credyt.web.display-asset=EUR").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(CredytAutoConfigurations.invalidProperty(context.getStartupFailure()).getName())
				.isEqualTo("credyt.web.display-asset");
		});
	}

	@Test
	void theWebLayerBacksOffWithoutSpringMvc() {
		this.runner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class)).run((context) -> {
			assertThat(context).doesNotHaveBean(BalanceModel.class);
			assertThat(context).doesNotHaveBean(BillingExceptionHandler.class);
		});
	}

	@Test
	void theWebLayerBacksOffOutsideAWebApplication() {
		new ApplicationContextRunner().withConfiguration(CredytAutoConfigurations.dataSource())
			.withConfiguration(CredytAutoConfigurations.credyt())
			.withInitializer(CredytAutoConfigurations.catalog())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(BalanceModel.class);
				assertThat(context).doesNotHaveBean(BillingExceptionHandler.class);
			});
	}

	@Test
	void theWebLayerBacksOffWhenCredytIsDisabled() {
		this.runner.withPropertyValues("credyt.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(BalanceModel.class);
			assertThat(context).doesNotHaveBean(BillingExceptionHandler.class);
		});
	}

	@Test
	void theApplicationsOwnAdviceReplacesOurs() {
		this.runner.withUserConfiguration(OwnAdvice.class).run((context) -> {
				assertThat(context).hasSingleBean(BalanceModel.class);
				assertThat(context).hasBean("ownBalanceModel");
				assertThat(context).hasSingleBean(BillingExceptionHandler.class);
				assertThat(context).hasBean("ownExceptionHandler");
			});
	}

	private static void signIn(String name) {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(name, "secret",
					AuthorityUtils.createAuthorityList("ROLE_USER")));
	}

	private static MockMvc mvc(AssertableWebApplicationContext context) {
		return MockMvcBuilders.webAppContextSetup(context).build();
	}

	public static class Videos {

		private int rendered;

		@Billable(product = "video")
		public String render() {
			this.rendered++;
			return "a video";
		}

		public int rendered() {
			return this.rendered;
		}

	}

	@Controller
	public static class Pages {

		private final Videos videos;

		public Pages(Videos videos) {
			this.videos = videos;
		}

		@GetMapping("/page")
		String page() {
			return "header";
		}

		@GetMapping("/plain")
		String plain() {
			return "plain";
		}

		@GetMapping("/broken")
		String broken() {
			throw new IllegalStateException("a bug");
		}

		@PostMapping("/videos")
		@ResponseBody
		String render() {
			return this.videos.render();
		}

	}

	@ControllerAdvice
	public static class CatchAll {

		@ExceptionHandler(Exception.class)
		ResponseEntity<String> anything(Exception ex) {
			return ResponseEntity.internalServerError().body("Something went wrong");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnAdvice {

		@Bean
		BalanceModel ownBalanceModel(Ledger ledger, ObjectProvider<CustomerResolver> customerResolver,
				ObjectProvider<Onboarding> onboarding) {
			return new BalanceModel(ledger, customerResolver, onboarding, "mine", "USD", "/mine");
		}

		@Bean
		BillingExceptionHandler ownExceptionHandler() {
			return new BillingExceptionHandler(Catalog.builder().build(), "/elsewhere");
		}

	}

}
