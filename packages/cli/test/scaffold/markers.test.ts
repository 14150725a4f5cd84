import t from "tap";
import { insertAtMarker, MARKERS } from "../../dist/scaffold/markers.js";

const list = (items: string[]) =>
	["export function createServices() {", "\treturn [", ...items, `\t\t${MARKERS.services}`, "\t];", "}", ""].join("\n");

t.test("regression: an item added after one a formatter left without a trailing comma gets the comma it needs", async t => {
	const formatted = list(["\t\tcreateCatalogService()"]);
	t.equal(
		insertAtMarker(formatted, MARKERS.services, "createPlaylistsService(),", "src/services.ts"),
		list(["\t\tcreateCatalogService(),", "\t\tcreatePlaylistsService(),"])
	);
});

t.test("an item after one that has its comma, or first in the list, is inserted as it is", async t => {
	t.equal(
		insertAtMarker(list(["\t\tcreateCatalogService(),"]), MARKERS.services, "createPlaylistsService(),", "src/services.ts"),
		list(["\t\tcreateCatalogService(),", "\t\tcreatePlaylistsService(),"])
	);
	t.equal(
		insertAtMarker(list([]), MARKERS.services, "createPlaylistsService(),", "src/services.ts"),
		list(["\t\tcreatePlaylistsService(),"])
	);
});

t.test("a block that is not a list item (imports) leaves the line before alone", async t => {
	const text = `import { a } from "./a.js"\n${MARKERS.serviceImports}\n`;
	t.equal(
		insertAtMarker(text, MARKERS.serviceImports, 'import { b } from "./b.js";', "src/services.ts"),
		`import { a } from "./a.js"\nimport { b } from "./b.js";\n${MARKERS.serviceImports}\n`
	);
});
