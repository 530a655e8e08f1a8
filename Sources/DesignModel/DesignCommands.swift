/// An edit a person asks for. Each becomes one primitive `DesignEdit`, so undo and redo work
/// the same way for all of them.
package enum DesignCommand: Equatable, Sendable {
    /// Adds an element at a position, or at the end of its list.
    case add(DesignElement, at: Int? = nil)
    /// Replaces the named element; a changed name is a rename, rewriting references.
    case update(ElementRef, DesignElement)
    /// Deletes an element (a column too). Refused while others refer to it, unless `cascade`
    /// drops those references.
    case delete(ElementRef, cascade: Bool = false)
    /// Renames an element (a column takes its new column name) and rewrites every reference.
    case rename(ElementRef, to: String)
    /// Moves an element up (negative) or down its list.
    case move(ElementRef, by: Int)
    case setSection(DesignSection)
    /// Makes the design this one (an import merged into it): one edit, undone in one step.
    case become(Design)
}

/// Why an edit was refused; the design is unchanged.
package struct DesignEditError: Error, Equatable, Sendable, CustomStringConvertible {
    package var message: String
    /// For a refused delete: the elements that still refer to it.
    package var referrers: [ReferenceSite]
    package init(_ message: String, referrers: [ReferenceSite] = []) {
        self.message = message
        self.referrers = referrers
    }
    package var description: String { message }
}

extension Design {
    /// The primitive edit that carries out a command on this design, or why it cannot be done.
    package func edit(for command: DesignCommand) throws -> DesignEdit {
        switch command {
        case let .add(element, position):
            try requireFreeName(element.ref)
            let count = self.count(of: element.collection)
            return .insert(element, at: min(max(0, position ?? count), count))

        case let .update(ref, element):
            guard let (collection, index) = index(of: ref), collection == element.collection else {
                throw DesignEditError("\(ref) does not exist")
            }
            guard element.ref != ref else { return .replace(element, at: index) }
            let renaming = try edit(for: .rename(ref, to: element.name))
            return .batch([renaming, .replace(element, at: index)])

        case let .delete(ref, cascade):
            return try deleteEdit(ref, cascade: cascade)

        case let .rename(ref, newName):
            return try renameEdit(ref, to: newName)

        case let .move(ref, offset):
            guard let (collection, index) = index(of: ref) else { throw DesignEditError("\(ref) does not exist") }
            let destination = index + offset
            guard destination >= 0, destination < count(of: collection) else {
                throw DesignEditError("\(ref) is already \(offset < 0 ? "first" : "last")")
            }
            return .move(collection, from: index, to: destination)

        case let .setSection(section):
            if case let .header(header) = section, header.title.isEmpty { throw DesignEditError("the title must not be empty") }
            return .setSection(section)

        case let .become(other):
            return edit(becoming: other)
        }
    }

    /// The primitive edits that turn this design into `other`: each list that differs emptied
    /// and filled again, each section that differs set.
    private func edit(becoming other: Design) -> DesignEdit {
        var edits: [DesignEdit] = []
        for collection in ElementCollection.allCases {
            let mine = elements(of: collection), theirs = other.elements(of: collection)
            guard mine != theirs else { continue }
            edits += mine.indices.reversed().map { DesignEdit.remove(collection, at: $0) }
            edits += theirs.enumerated().map { DesignEdit.insert($0.element, at: $0.offset) }
        }
        for key in DesignSection.Key.allCases where section(key) != other.section(key) {
            edits.append(.setSection(other.section(key)))
        }
        return .batch(edits)
    }

    /// Carries out a command; returns the inverse edit for undo.
    @discardableResult
    package mutating func perform(_ command: DesignCommand) throws -> DesignEdit {
        apply(try edit(for: command))
    }

    private func requireFreeName(_ ref: ElementRef) throws {
        if ref.name.isEmpty { throw DesignEditError("a \(ref.kind.rawValue) needs a name") }
        if ref.kind == .endpoint, DesignElement.endpointName(ref.name) == nil {
            throw DesignEditError("an endpoint is named METHOD PATH, e.g. GET /v1/orders")
        }
        if contains(ref) { throw DesignEditError("\(ref) already exists") }
    }

    private func renameEdit(_ ref: ElementRef, to newName: String) throws -> DesignEdit {
        if ref.kind == .column {
            guard let (tableName, columnName) = ref.columnParts,
                  let tableIndex = tables.firstIndex(where: { $0.name == tableName }),
                  let columnIndex = tables[tableIndex].columns.firstIndex(where: { $0.name == columnName }) else {
                throw DesignEditError("\(ref) does not exist")
            }
            let newRef = ElementRef.column(tableName, newName)
            guard newName != columnName else { return .batch([]) }
            try requireFreeName(newRef)
            var renamed = renamingReferences(to: ref, newName: newRef.name)
            renamed.tables[tableIndex].columns[columnIndex].name = newName
            return edits(from: self, to: renamed)
        }
        guard let (collection, index) = index(of: ref) else { throw DesignEditError("\(ref) does not exist") }
        guard newName != ref.name else { return .batch([]) }
        guard let element = self.element(at: index, in: collection).renamed(to: newName) else {
            throw DesignEditError("'\(newName)' is not a valid name for a \(ref.kind.rawValue)")
        }
        try requireFreeName(element.ref)
        var renamed = renamingReferences(to: ref, newName: element.ref.name)
        renamed.set(element, at: index)
        return edits(from: self, to: renamed)
    }

    private func deleteEdit(_ ref: ElementRef, cascade: Bool) throws -> DesignEdit {
        var referrers = self.referrers(of: ref)
        if ref.kind == .table {
            // References from inside the table itself (its own keys, self-references) go with it.
            referrers.removeAll { $0.owner == ref }
        }
        if !referrers.isEmpty && !cascade {
            let list = referrers.map(\.description).joined(separator: ", ")
            throw DesignEditError("\(ref) is referred to by \(list); delete those references first or delete with cascade",
                                  referrers: referrers)
        }
        let cleaned = referrers.isEmpty ? self : removingReferences(to: ref)
        if ref.kind == .column {
            guard let (tableName, columnName) = ref.columnParts,
                  let tableIndex = tables.firstIndex(where: { $0.name == tableName }),
                  tables[tableIndex].column(named: columnName) != nil else {
                throw DesignEditError("\(ref) does not exist")
            }
            var result = cleaned
            result.tables[tableIndex].columns.removeAll { $0.name == columnName }
            return edits(from: self, to: result)
        }
        guard let (collection, index) = index(of: ref) else { throw DesignEditError("\(ref) does not exist") }
        let cleanup = edits(from: self, to: cleaned)
        if case let .batch(items) = cleanup, items.isEmpty { return .remove(collection, at: index) }
        return .batch([cleanup, .remove(collection, at: index)])
    }

    /// The replace and set-section edits that turn `old` into `new`, which has the same elements in each list.
    func edits(from old: Design, to new: Design) -> DesignEdit {
        var edits: [DesignEdit] = []
        for collection in ElementCollection.allCases {
            let count = old.count(of: collection)
            precondition(count == new.count(of: collection), "reference rewriting never adds or removes elements")
            for index in 0..<count {
                let after = new.element(at: index, in: collection)
                if old.element(at: index, in: collection) != after { edits.append(.replace(after, at: index)) }
            }
        }
        for key in DesignSection.Key.allCases {
            let after = new.section(key)
            if old.section(key) != after { edits.append(.setSection(after)) }
        }
        return .batch(edits)
    }
}

/// Undo and redo over a design: every command is kept with its inverse, without limit.
package struct EditHistory: Sendable {
    package struct Entry: Sendable, Equatable {
        package var label: String
        package var forward: DesignEdit
        package var inverse: DesignEdit
    }
    package private(set) var undoStack: [Entry] = []
    package private(set) var redoStack: [Entry] = []
    /// How many edits had been done when the design was last saved (or loaded); nil once no
    /// undo or redo can bring that state back (a new edit replaced the redo that led to it).
    package private(set) var savedDepth: Int? = 0

    package init() {}

    /// Whether undo and redo have brought the design back to what was last saved.
    package var isAtSavedState: Bool { savedDepth == undoStack.count }

    /// The design as it is now is what the file holds.
    package mutating func markSaved() { savedDepth = undoStack.count }

    /// The design no longer matches the file by any number of undos (recovered changes).
    package mutating func markUnsaved() { savedDepth = nil }

    package var canUndo: Bool { !undoStack.isEmpty }
    package var canRedo: Bool { !redoStack.isEmpty }

    /// Carries out a command on the design and records it; a new edit clears what could be redone.
    package mutating func perform(_ command: DesignCommand, on design: inout Design, label: String) throws {
        let forward = try design.edit(for: command)
        let inverse = design.apply(forward)
        // The saved state was undone and this edit drops the redo that led back to it.
        if let saved = savedDepth, saved > undoStack.count { savedDepth = nil }
        undoStack.append(Entry(label: label, forward: forward, inverse: inverse))
        redoStack.removeAll()
    }

    /// Undoes the last edit; returns its label, or nil when there is nothing to undo.
    package mutating func undo(_ design: inout Design) -> String? {
        guard let entry = undoStack.popLast() else { return nil }
        design.apply(entry.inverse)
        redoStack.append(entry)
        return entry.label
    }

    package mutating func redo(_ design: inout Design) -> String? {
        guard let entry = redoStack.popLast() else { return nil }
        design.apply(entry.forward)
        undoStack.append(entry)
        return entry.label
    }
}
