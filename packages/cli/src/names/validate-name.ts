import { usage } from "../args/parse-args.js";

// Names that would collide with Moleculer's internals or read badly as a service.
const RESERVED = new Set(["node", "internal", "moleculer", "backbeat", "api", "test", "tests", "src", "dist", "node_modules", "services"]);

/** A service or project name: kebab-case, 2–40 characters, not reserved. Returns it or throws BAD_REQUEST. */
export function validateName(name: string | undefined, what: "service" | "project"): string {
	if (name === undefined || name === "") throw usage(`a ${what} name is required`, "name");
	if (!/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(name)) {
		throw usage(
			`'${name}' is not a valid ${what} name: use kebab-case (lowercase letters, digits, single dashes, starting with a letter)`,
			"name"
		);
	}
	if (name.length < 2 || name.length > 40) throw usage(`'${name}' must be 2 to 40 characters long`, "name");
	if (RESERVED.has(name)) throw usage(`'${name}' is a reserved name; choose another`, "name");
	return name;
}

// Keys that would shadow Object.prototype members on a contract's actions/events object.
const RESERVED_MEMBERS = new Set([
	"constructor",
	"prototype",
	"toString",
	"valueOf",
	"hasOwnProperty",
	"isPrototypeOf",
	"propertyIsEnumerable",
	"toLocaleString"
]);

/** An action or event name: camelCase (it becomes an object key and part of `v1.orders.addItem`), 2–40 characters. */
export function validateMemberName(name: string | undefined, what: "action" | "event"): string {
	if (name === undefined || name === "") throw usage(`an ${what} name is required`, "name");
	if (!/^[a-z][a-zA-Z0-9]*$/.test(name)) {
		throw usage(
			`'${name}' is not a valid ${what} name: use camelCase (letters and digits, starting with a lowercase letter, e.g. addTrack)`,
			"name"
		);
	}
	if (name.length < 2 || name.length > 40) throw usage(`'${name}' must be 2 to 40 characters long`, "name");
	if (RESERVED_MEMBERS.has(name)) throw usage(`'${name}' is a reserved name; choose another`, "name");
	return name;
}

/** `play-lists` → `PlayLists`, for type and constant names in generated code. */
export function pascalCase(name: string): string {
	return name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

/** `play-lists` → `playLists`. */
export function camelCase(name: string): string {
	const pascal = pascalCase(name);
	return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}
