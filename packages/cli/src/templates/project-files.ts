import { MARKERS } from "../scaffold/markers.js";

export function packageJson(name: string, sdkSpec: string): string {
	const manifest = {
		name,
		version: "0.1.0",
		private: true,
		type: "module",
		scripts: {
			build: "tsc -p tsconfig.json",
			start: "npm run build && node dist/src/main.js",
			test: "tsc -p tsconfig.json && node --test dist/test/*.test.js"
		},
		dependencies: { "@backbeat/sdk": sdkSpec, zod: "^4.1.0" },
		devDependencies: { "@types/node": "^20.19.43", typescript: "~5.9.3" }
	};
	return `${JSON.stringify(manifest, null, 2)}\n`;
}

export function tsconfigJson(): string {
	const config = {
		compilerOptions: {
			target: "ES2022",
			lib: ["ES2023"],
			module: "NodeNext",
			moduleResolution: "NodeNext",
			strict: true,
			noUncheckedIndexedAccess: true,
			exactOptionalPropertyTypes: true,
			noImplicitOverride: true,
			verbatimModuleSyntax: true,
			skipLibCheck: true,
			outDir: "dist",
			rootDir: ".",
			types: ["node"]
		},
		include: ["src", "test"]
	};
	return `${JSON.stringify(config, null, 2)}\n`;
}

export function servicesIndex(): string {
	return `import type { ServiceDefinition } from "@backbeat/sdk";
${MARKERS.serviceImports}

/** Every service of this project. \`backbeat new service <name>\` adds to this list. */
export const services: ServiceDefinition[] = [
	${MARKERS.services}
];
`;
}

export function mainFile(): string {
	return `// Runs every service of this project in one process. Set BACKBEAT_TRANSPORTER
// (for example nats://127.0.0.1:4222) to join a distributed cluster instead, and
// BACKBEAT_CHANNELS_URL there for the outbox events of services with a database.
import { createBroker } from "@backbeat/sdk";
import { services } from "./services/index.js";

const broker = createBroker({ services });
await broker.start();
const stop = () => void broker.stop().then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
`;
}

export function readme(name: string, firstService: string): string {
	return `# ${name}

Services built with [Backbeat](https://www.npmjs.com/package/@backbeat/sdk).

\`\`\`sh
npm install
npm test     # type-checks, then runs test/*.test.ts with node:test
npm start    # runs every service in one process (in-process transport)
\`\`\`

| path | what it holds |
|---|---|
| \`src/services/<name>/contract.ts\` | the service's API as data (zod schemas) |
| \`src/services/<name>/service.ts\` | its implementation, typed by the contract |
| \`src/services/index.ts\` | the list of services \`npm start\` runs |
| \`test/<name>.test.ts\` | its tests |

The first service is \`${firstService}\`. Grow the project with the \`backbeat\` CLI:

\`\`\`sh
backbeat new service orders            # contract, implementation, test; listed in src/services/index.ts
backbeat new service billing --db      # the same, with an SQL database, a migration and the outbox
backbeat add action orders addItem     # a typed action stub and a test that fails until it is written
backbeat add event orders itemAdded    # an event with its payload schema, a handler stub and its test
\`\`\`
`;
}

export function gitignore(): string {
	// data/: the SQLite files of services made with --db.
	return "node_modules/\ndist/\ndata/\n";
}
