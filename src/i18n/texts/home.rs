//! Texts of the start page: the seed's task table.

texts! {
    /// The start page.
    Home {
        Lead: "As a reseller partner you keep an account for each of your customers: it is your starting point for selling subscriptions, billing and support. Everything here works offline and stays on this device." | "Als Händlerpartner führen Sie für jeden Ihrer Kunden ein Konto, wie im Partner-Dashboard: Es ist Ihr Ausgangspunkt zum Verkaufen von Abonnements, für Rechnungen und Support. Alles hier funktioniert offline und bleibt auf diesem Gerät.",
        OneCustomer: "1 customer" | "1 Kunde",
        Customers: "{0} customers" | "{0} Kunden",
        InYourList: "in your customer list" | "in Ihrer Kundenliste",
        WhatToDo: "What do you want to do?" | "Was möchten Sie tun?",
        Task: "Task" | "Aufgabe",
        How: "How" | "Vorgehensweise",
        AppliesTo: "Applies to" | "Betrifft",
        CspPartners: "CSP partners" | "CSP-Partner",
        GetNew: "Get new customers" | "Kundengewinnung",
        GetNew1: "Indirect resellers connect with " | "Indirekte Händler stellen eine Verbindung mit ",
        GetNewProviders: "indirect providers" | "indirekten Anbietern",
        GetNew2: " who refer customers to them; keep your " | " her, die ihnen Kunden zuweisen; halten Sie Ihr ",
        GetNewProfile: "business profile" | "Unternehmensprofil",
        GetNew3: " up to date. Answer your " | " auf dem neuesten Stand. Beantworten Sie Ihre ",
        GetNewReferrals: "referrals" | "Empfehlungen",
        GetNew4: " within 14 days; when you and a customer have agreed to work together, " | " innerhalb von 14 Tagen; wenn Sie mit einem Kunden einer Zusammenarbeit zugestimmt haben, ",
        GetNewAdd: "add the customer" | "fügen Sie den Kunden hinzu",
        AddExisting: "Add existing customers" | "Vorhandene Kunden zu Ihrem Konto hinzufügen",
        AddExisting1: "Customers you transact with on other portals, such as Office 365, appear in your " | "Kunden, mit denen Sie auf anderen Portalen wie Office 365 arbeiten, erscheinen in Ihrer ",
        CustomerList: "customer list" | "Kundenliste",
        AddExisting2: ". With other existing customers, establish a reseller relationship by emailing them an " | ". Mit anderen vorhandenen Kunden etablieren Sie eine Vertriebspartnerschaft, indem Sie ihnen per E-Mail eine ",
        Invitation: "invitation to connect" | "Einladung zur Verbindung",
        AddExisting3: "." | " senden.",
        Manage: "Manage all your customer information" | "Alle Kundendaten verwalten",
        ManageAdd: "Add" | "Fügen Sie",
        Manage1: " customers, or open one in the " | " Kunden hinzu, oder öffnen Sie einen in der ",
        Manage2: " to see and manage its account and relationship." | ", um sein Konto und die Kundenbeziehung zu sehen und zu verwalten.",
        Purchase: "Allow customers to buy their own services" | "Kunden den Kauf eigener Dienste erlauben",
        Purchase1: "Purchase permissions are set per customer: open the customer from the " | "Kaufberechtigungen werden je Kunde festgelegt: Öffnen Sie den Kunden aus der ",
        Purchase2: "." | ".",
        AppliesToClouds: "Applies to Partner Center, Partner Center for Microsoft Cloud for US Government and Partner Center for Microsoft Cloud Germany." | "Betrifft Partner Center, Partner Center für Microsoft Cloud für US-Behörden und Partner Center für Microsoft Cloud Deutschland.",
    }
}
