package io.credyt.sample;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.UserDetailsManager;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Signing up and signing in. A new user is signed in straight away and lands on the Generate
 * page; the sign-in form itself is processed by Spring Security.
 */
@Controller
class AccountController {

	private static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{3,40}");

	private static final int MIN_PASSWORD_LENGTH = 8;

	/** BCrypt reads no further than this. */
	private static final int MAX_PASSWORD_BYTES = 72;

	private final SecurityContextHolderStrategy securityContextHolder = SecurityContextHolder.getContextHolderStrategy();

	private final UserDetailsManager users;

	private final PasswordEncoder passwordEncoder;

	private final AuthenticationManager authenticationManager;

	private final SecurityContextRepository securityContextRepository;

	AccountController(UserDetailsManager users, PasswordEncoder passwordEncoder,
			SecurityContextRepository securityContextRepository) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.securityContextRepository = securityContextRepository;
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
		provider.setPasswordEncoder(passwordEncoder);
		this.authenticationManager = new ProviderManager(provider);
	}

	@GetMapping("/sign-in")
	String signIn() {
		return "sign-in";
	}

	@GetMapping("/sign-up")
	String signUpForm() {
		return "sign-up";
	}

	@PostMapping("/sign-up")
	String signUp(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String password,
			HttpServletRequest request, HttpServletResponse response, Model model) {
		String name = username.strip().toLowerCase(Locale.ROOT);
		String problem = problem(name, password);
		if (problem == null) {
			try {
				this.users.createUser(User.withUsername(name)
					.password(this.passwordEncoder.encode(password))
					.roles("USER")
					.build());
			}
			catch (DataIntegrityViolationException ex) {
				problem = taken(name);
			}
		}
		if (problem != null) {
			model.addAttribute("username", username);
			model.addAttribute("problem", problem);
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return "sign-up";
		}
		signIn(name, password, request, response);
		return "redirect:/generate";
	}

	private @Nullable String problem(String name, String password) {
		if (!USERNAME.matcher(name).matches()) {
			return "Choose a username of 3 to 40 letters, digits, dots, dashes or underscores.";
		}
		if (password.length() < MIN_PASSWORD_LENGTH) {
			return "Choose a password of at least " + MIN_PASSWORD_LENGTH + " characters.";
		}
		if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
			return "Choose a password of at most " + MAX_PASSWORD_BYTES + " bytes.";
		}
		if (this.users.userExists(name)) {
			return taken(name);
		}
		return null;
	}

	private static String taken(String name) {
		return "The username " + name + " is taken. Choose another, or sign in.";
	}

	/**
	 * Signs the new user in as the sign-in form would: through the same user store and password
	 * check, with a new session id, and the security context saved in the session.
	 */
	private void signIn(String name, String password, HttpServletRequest request, HttpServletResponse response) {
		Authentication authentication = this.authenticationManager
			.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(name, password));
		if (request.getSession(false) != null) {
			request.changeSessionId();
		}
		SecurityContext context = this.securityContextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		this.securityContextHolder.setContext(context);
		this.securityContextRepository.saveContext(context, request, response);
	}

}
