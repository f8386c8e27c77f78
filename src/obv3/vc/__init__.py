"""The W3C Verifiable Credentials core under the Open Badges profile.

Data-model rules for any VC 1.1 / 2.0 credential (:mod:`obv3.vc.datamodel`), issuing any
credential, and presentations (:mod:`obv3.vc.presentation`).
"""
