package io.credyt.test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Service;

import io.credyt.annotation.Billable;

/**
 * A billed application as a user writes one: a paid service, every page behind a sign-in with
 * CSRF protection on, the billing portal and the test checkout let through by Credyt.
 */
@SpringBootApplication
class KitApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.formLogin(Customizer.withDefaults());
		return http.build();
	}

	@Service
	static class Images {

		@Billable(product = "image", customer = "#customer", dimensions = "quality=#hd ? 'hd' : 'standard'")
		public String generate(String customer, boolean hd) {
			return "an image";
		}

	}

}
