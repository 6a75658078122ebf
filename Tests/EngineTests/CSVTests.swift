import Engine
import Testing

@Suite(.timeLimit(.minutes(5))) struct CSVTests {
    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        let table = try CSVTable(parsing: "User_ID,name\r\n1,\"Bob, \"\"Jr\"\"\"\r\n2,\"two\nlines\"\n\n3,plain")
        #expect(table.header == ["user_id", "name"])
        #expect(table.rows.map(\.fields) == [["1", "Bob, \"Jr\""], ["2", "two\nlines"], ["3", "plain"]])
        #expect(table.rows.map(\.line) == [2, 3, 6])
    }

    @Test func badFilesNameTheLine() {
        #expect(throws: CSVError(line: 2, reason: "a quoted field is never closed")) {
            try CSVTable(parsing: "a,b\n1,\"open\n")
        }
        #expect(throws: CSVError(line: 3, reason: "has 1 fields, the header has 2")) {
            try CSVTable(parsing: "a,b\n1,2\n3\n")
        }
        #expect(throws: CSVError.self) { try CSVTable(parsing: "") }
    }

    @Test func importRowsTakeDefaultsAndAttributes() throws {
        let batch = try RecipientImport(csv: "user_id,chat_id,username,tier,notes\n5,,ann,premium,\n6,-100,,free,vip\n")
        #expect(batch.rows.map(\.chatID) == [5, -100])
        #expect(batch.rows.map(\.username) == ["ann", nil])
        #expect(batch.rows.map(\.attributes) == [["tier": "premium"], ["tier": "free", "notes": "vip"]])
    }

    @Test func importBoundsWhatARecipientCarries() throws {
        func refusal(_ csv: String) -> String? {
            do {
                _ = try RecipientImport(csv: csv)
                return nil
            } catch {
                return "\(error)"
            }
        }
        let value = String(repeating: "v", count: 1024)
        #expect(refusal("user_id,notes\n5,\(value)\n") == nil)
        #expect(refusal("user_id,notes\n5,\(value)v\n") == "line 2: notes is 1025 bytes, over the 1024 a value may have")
        let name = String(repeating: "n", count: 65)
        #expect(refusal("user_id,\(name)\n5,x\n")?.contains("65 bytes, over the 64") == true)
        let columns = (0..<65).map { "a\($0)" }
        #expect(
            refusal("user_id,\(columns.joined(separator: ","))\n5\(String(repeating: ",x", count: 65))\n")
                == "the header has 65 attribute columns, over the 64 a recipient may have")
        #expect(refusal("user_id\n0\n") == "line 2: user_id \"0\" is not a positive whole number")
        #expect(refusal("user_id\n-7\n") == "line 2: user_id \"-7\" is not a positive whole number")
    }
}
