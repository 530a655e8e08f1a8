import ArchbenchTestSupport
@testable import DesignInterop
import DesignModel
import Testing

@Suite struct PostgresSchemaImportTests {
    @Test func parserGivesOneNodePerStatement() throws {
        let statements = try PostgresParser.statements("CREATE TABLE a (id int PRIMARY KEY);\nCREATE INDEX i ON a (id);")
        #expect(statements.map(\.node.kind) == ["CreateStmt", "IndexStmt"])
        #expect(statements.map(\.offset) == [0, 37], "the second starts after the line break")
    }

    /// The Pagila sample database as pg_dump wrote it: 71 CREATE TABLEs of which 55 are the
    /// monthly partitions of payment, 37 foreign keys (18 on partitions), 38 indexes (18 on partitions,
    /// 1 on a materialized view).
    @Test func pagilaCountsExactly() throws {
        let file = Fixture.path("interop/pagila/pagila-schema.sql")
        let result = try PostgresSchemaImport.read(try Fixture.text("interop/pagila/pagila-schema.sql"), file: file)
        #expect(result.tables.count == 16)
        #expect(result.partitionCount == 55)
        let foreignKeys = result.tables.flatMap(\.columns).filter { $0.references != nil }
        #expect(foreignKeys.count == 19)
        #expect(result.tables.flatMap(\.indexes).count == 19)
        #expect(result.tables.filter { $0.partitioning != nil }.map(\.name) == ["payment"])

        let payment = try #require(result.tables.first { $0.name == "payment" })
        #expect(payment.partitioning == Partitioning(strategy: .range, key: ["payment_date"],
                                                     note: "55 partitions: payment_p2022_01 … payment_p2026_07"))
        #expect(payment.primaryKey == ["payment_date", "payment_id"])
        let film = try #require(result.tables.first { $0.name == "film" })
        #expect(film.column(named: "rental_rate")?.type == "numeric(4,2)")
        #expect(film.column(named: "rental_rate")?.defaultValue == "4.99")
        #expect(film.column(named: "rental_rate")?.nullable == false)
        #expect(film.column(named: "film_id")?.defaultValue == "nextval('public.film_film_id_seq'::regclass)")
        #expect(film.column(named: "film_id")?.primaryKey == true)
        #expect(film.column(named: "rating")?.type == "mpaa_rating")
        #expect(film.column(named: "special_features")?.type == "text[]")
        #expect(film.column(named: "last_update")?.type == "timestamptz")
        #expect(film.column(named: "language_id")?.references == "language.language_id")
        #expect(film.column(named: "language_id")?.onDelete == .restrict)
        #expect(film.indexes.first { $0.name == "film_fulltext_idx" }?.kind == .gist)
        let hnsw = try #require(result.tables.first { $0.name == "film_embedding" }?.indexes.first)
        #expect(hnsw.kind == nil)
        #expect(hnsw.extensions == Extensions(entries: [Extensions.Entry(key: "x_postgres", value: .mapping([
            Extensions.Entry(key: "operator_classes", value: .sequence([.scalar("embedding public.vector_cosine_ops", plain: true)])),
            Extensions.Entry(key: "using", value: .scalar("hnsw", plain: true)),
        ]))]), "an index method the format does not name, and operator classes, are kept")
        #expect(result.skipped.contains { $0.hasSuffix("skipped index rental_category on public.rental_by_category (not a table read from this schema)") })

        let skipped = result.skipped.joined(separator: "\n")
        for kind in ["view public.actor_info", "materialized view public.rental_by_category", "function public.film_in_stock",
                     "trigger last_updated on public.actor", "sequence public.actor_actor_id_seq", "domain public.year",
                     "type public.mpaa_rating (enum)", "aggregate public.group_concat", "extension vector", "grant"] {
            #expect(skipped.contains("skipped \(kind)"), "\(kind) is listed as skipped")
        }
        #expect(result.skipped.filter { $0.contains("skipped view ") }.count == 7)
        #expect(result.skipped.filter { $0.contains("skipped function ") }.count == 9)
        #expect(result.skipped.filter { $0.contains("skipped trigger ") }.count == 16)
        #expect(result.skipped.filter { $0.contains("skipped sequence ") }.count == 13)
        #expect(result.skipped.filter { $0.contains("skipped index ") && $0.contains("of partition") }.count == 18)
        #expect(result.skipped.filter { $0.contains("skipped foreign key of partition") }.count == 18)
        // Each skipped object is located in the file.
        let view = try #require(result.skipped.first { $0.hasSuffix("skipped view public.actor_info") })
        #expect(view == "\(file):515:1: skipped view public.actor_info")
    }

    @Test func inlineConstraintsCommentsAndPartialIndexes() throws {
        let sql = """
            CREATE SCHEMA billing;
            CREATE TABLE billing.accounts (
                id uuid PRIMARY KEY,
                email character varying(255) NOT NULL UNIQUE,
                balance numeric(12,2) DEFAULT 0 NOT NULL CHECK (balance >= 0),
                created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP
            );
            CREATE TABLE billing.invoices (
                id bigint GENERATED ALWAYS AS IDENTITY,
                account_id uuid REFERENCES billing.accounts ON DELETE CASCADE,
                status text NOT NULL,
                PRIMARY KEY (id)
            );
            CREATE UNIQUE INDEX invoices_open ON billing.invoices USING btree (account_id) WHERE status = 'open';
            COMMENT ON TABLE billing.accounts IS 'Who pays.';
            COMMENT ON COLUMN billing.accounts.email IS 'Where invoices go.';
            CREATE VIEW billing.open_invoices AS SELECT * FROM billing.invoices WHERE status = 'open';
            """
        let result = try PostgresSchemaImport.read(sql, file: "billing.sql")
        #expect(result.services == ["billing"])
        let accounts = try #require(result.tables.first)
        #expect(accounts.service == "billing")
        #expect(accounts.description == "Who pays.")
        #expect(accounts.column(named: "email") == {
            var column = Column(name: "email", type: "varchar(255)", nullable: false, unique: true, description: "Where invoices go.")
            column.extensions = Extensions()
            return column
        }())
        #expect(accounts.column(named: "balance")?.extensions.entries.first?.key == "x_postgres")
        #expect(accounts.column(named: "created_at")?.defaultValue == "CURRENT_TIMESTAMP")
        let invoices = try #require(result.tables.last)
        #expect(invoices.column(named: "id")?.primaryKey == true)
        #expect(invoices.column(named: "account_id")?.references == "accounts.id", "REFERENCES without a column names the key")
        #expect(invoices.column(named: "account_id")?.onDelete == .cascade)
        #expect(invoices.indexes == [Index(name: "invoices_open", columns: ["account_id"], unique: true, whereClause: "status = 'open'")])
        #expect(result.skipped.contains("billing.sql:17:1: skipped view billing.open_invoices"))
    }

    @Test func syntaxErrorIsTheParsersOwnMessageAtItsPlace() throws {
        let sql = "CREATE TABLE a (id int);\nCREATE TABLE b (id int,, name text);\n"
        #expect {
            _ = try PostgresSchemaImport.read(sql, file: "bad.sql")
        } throws: { error in
            (error as? DesignLoadError)?.description == "bad.sql:2:24: syntax error at or near \",\""
        }
    }

    @Test func psqlCommandsArePassedOverAndListed() throws {
        let sql = "\\restrict abc123\nCREATE TABLE a (id int);\n\\unrestrict abc123\n"
        let result = try PostgresSchemaImport.read(sql, file: "dump.sql")
        #expect(result.tables.map(\.name) == ["a"])
        #expect(result.skipped == ["dump.sql:1:1: skipped psql command \\restrict", "dump.sql:3:1: skipped psql command \\unrestrict"])
    }
}
