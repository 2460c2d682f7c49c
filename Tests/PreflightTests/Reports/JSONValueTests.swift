import Foundation
import Testing
@testable import PreflightReports

@Suite struct JSONValueTests {
    @Test func escapingAndNumbersAreValidJSON() throws {
        let value = JSONValue.object([
            "text": .string("quote \" backslash \\ newline \n tab \t bell \u{07} café ☕"),
            "whole": .double(5), "fraction": .double(29.97), "infinite": .double(.infinity),
            "list": .array([.int(1), .null, .bool(true)]), "empty": .object([:]),
        ])
        let text = value.rendered()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(parsed["text"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{07} café ☕")
        #expect(text.contains("\"whole\": 5.0"))
        #expect(parsed["fraction"] as? Double == 29.97)
        #expect(parsed["infinite"] is NSNull)
        #expect(text.contains("\\u0007"))
        // Keys are sorted, whatever the dictionary's order.
        #expect(text.range(of: "\"empty\"")!.lowerBound < text.range(of: "\"fraction\"")!.lowerBound)
        #expect(value.rendered(pretty: false) == #"{"empty":{},"fraction":29.97,"infinite":null,"list":[1,null,true],"text":"quote \" backslash \\ newline \n tab \t bell \u0007 café ☕","whole":5.0}"#)
    }

    @Test func streamedArraysEqualWholeDocuments() {
        let items: [JSONValue] = [.object(["a": .int(1)]), .object(["b": .string("x")])]
        let whole = JSONValue.object(["files": .array(items), "z": .int(2)]).rendered()
        let (prefix, start) = JSONArrayStream.open(.object(["files": JSONArrayStream.placeholder, "z": .int(2)]))
        var stream = start
        let streamed = prefix + items.map { stream.item($0) }.joined() + stream.close(.object(["files": JSONArrayStream.placeholder, "z": .int(2)]))
        #expect(streamed == whole)
        let (emptyPrefix, empty) = JSONArrayStream.open(.object(["files": JSONArrayStream.placeholder]))
        #expect(emptyPrefix + empty.close(.object(["files": JSONArrayStream.placeholder])) == JSONValue.object(["files": .array([])]).rendered())
    }
}
